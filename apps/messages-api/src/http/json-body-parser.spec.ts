import Fastify, { type FastifyRequest } from 'fastify';
import { ForbiddenJsonKeyError, jsonBodyParser } from './json-body-parser';

describe('jsonBodyParser', () => {
  const parser = jsonBodyParser(Fastify());
  const parse = (body: string) =>
    new Promise<{ error: Error | null; value: unknown }>((resolve) => {
      void parser.call(undefined as never, {} as FastifyRequest, body, (error: Error | null, value?: unknown) => resolve({ error, value }));
    });

  it('reads JSON, and an empty body as {}', async () => {
    expect(await parse('{"message":"hi","handle":"bayko"}')).toEqual({ error: null, value: { message: 'hi', handle: 'bayko' } });
    expect(await parse('')).toEqual({ error: null, value: {} });
  });

  it('refuses text that is not JSON as Fastify’s invalid JSON', async () => {
    const { error } = await parse('{"message": "hi",');
    expect(error).toMatchObject({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  });

  it.each([
    ['{"__proto__":{"x":1}}', '__proto__'],
    ['{"a":1,"b":{"__proto__":null}}', 'b.__proto__'],
    ['[{"x":[0,{"__proto__":{}}]}]', '[0].x[1].__proto__'],
    ['{"constructor":{"prototype":{"x":1}}}', 'constructor.prototype'],
    ['{"a":{"constructor":{"prototype":null}}}', 'a.constructor.prototype'],
  ])('refuses %s as a forbidden key at %s', async (body, path) => {
    const { error } = await parse(body);
    expect(error).toBeInstanceOf(ForbiddenJsonKeyError);
    expect((error as ForbiddenJsonKeyError).path).toBe(path);
  });

  it('takes keys that only look alike, and a constructor without a prototype', async () => {
    const body = '{"proto":1,"__proto":2,"constructor":{"name":"x"},"prototype":{}}';
    expect(await parse(body)).toEqual({ error: null, value: JSON.parse(body) });
  });
});
