import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { DdbOptions } from './ddb.config';

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: DDB_OPTIONS } = new ConfigurableModuleBuilder<DdbOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
