import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC } from './auth.constants';

/** A route anyone may call (health, readiness, the OpenAPI page). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
