import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ApiError } from './api-error';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * This API reads JSON only: a request that carries a body of any other type (form-encoded,
 * multipart, text) is a 415, whatever the route. Only the JSON parser is registered (see
 * configureApp), so Fastify refuses such bodies of POST/PUT/PATCH before any route runs; this
 * guard answers the same for methods whose bodies Fastify does not parse (a GET with a body).
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const hasBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
    if (hasBody && !JSON_TYPE.test(headers['content-type'] ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
    }
    return true;
  }
}
