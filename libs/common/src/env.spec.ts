import { z } from 'zod';
import { env, InvalidConfigError, parseEnv } from './env';

describe('parseEnv', () => {
  const schema = z.object({ PORT: env.port(4567), FLAG: env.boolean(false), NAME: z.string().min(1) });

  it('applies defaults and coerces strings', () => {
    expect(parseEnv('test', schema, { NAME: 'x', FLAG: 'yes' })).toEqual({ PORT: 4567, FLAG: true, NAME: 'x' });
  });

  it('names every bad variable in one error', () => {
    const attempt = () => parseEnv('test', schema, { PORT: '99999', FLAG: 'maybe' });
    expect(attempt).toThrow(InvalidConfigError);
    expect(attempt).toThrow(/PORT: .*\n.*FLAG: .*\n.*NAME: /);
  });
});
