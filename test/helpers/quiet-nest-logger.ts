import { Logger } from '@nestjs/common';

// Services under test log their routine progress; a test run shows only warnings and errors.
Logger.overrideLogger(['error', 'warn']);
