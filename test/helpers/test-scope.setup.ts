import { endTestScope } from './test-scope';

// Registered for every Jest project (setupFilesAfterEnv): see test-scope.ts.
afterEach(() => endTestScope(`test "${expect.getState().currentTestName ?? ''}" ended`));
afterAll(() => endTestScope('test file ended'));
