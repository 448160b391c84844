import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validationFailed } from '../http/api-error';
import { ErrorResponse, SentMessageResponse } from '../http/message.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { IDEMPOTENCY_KEY } from './idempotency';
import { SendMessageDto } from './send-message.dto';
import { SendMessageService } from './send-message.service';

@ApiBearerAuth()
@Controller('messages')
export class SendMessageController {
  constructor(private readonly service: SendMessageService) {}

  @Post()
  @HttpCode(200)
  @RateLimit({ person: 'sends' })
  @ApiOperation({ summary: 'Send a message: into a conversation (message_group_uuid) or to a person (handle)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the first response' })
  @ApiOkResponse({ type: SentMessageResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'unknown handle, or a conversation you are not in' })
  @ApiResponse({ status: 422, type: ErrorResponse })
  @ApiResponse({ status: 415, type: ErrorResponse, description: 'a body that is not application/json' })
  send(
    @CurrentCaller() caller: Caller,
    @Body() body: SendMessageDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SentMessageResponse> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw validationFailed([
        { field: 'Idempotency-Key', code: 'idempotency_key_invalid', message: 'Idempotency-Key must be 1–255 visible ASCII characters' },
      ]);
    }
    return this.service.send(caller, body, idempotencyKey);
  }
}
