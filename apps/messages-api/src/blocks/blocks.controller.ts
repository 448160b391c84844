import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { parseHandle } from '../http/handle.pipe';
import { ErrorResponse } from '../http/message.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { BlockDto, BlockResponse } from './block.dto';
import { BlocksService } from './blocks.service';

@ApiBearerAuth()
@Controller('blocks')
export class BlocksController {
  constructor(private readonly service: BlocksService) {}

  @Post()
  @HttpCode(200)
  @RateLimit({ person: 'reads' })
  @ApiOperation({ summary: 'Block a person: their messages to you are refused (403 blocked), and you get none of their live events' })
  @ApiOkResponse({ type: BlockResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: '`handle_not_found`' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: '`block_self`, or invalid input' })
  block(@CurrentCaller() caller: Caller, @Body() body: BlockDto): Promise<BlockResponse> {
    return this.service.block(caller, body.handle);
  }

  @Delete('@:handle')
  @HttpCode(204)
  @RateLimit({ person: 'reads' })
  @ApiOperation({ summary: 'Unblock a person: they can message you again' })
  @ApiNoContentResponse({ description: 'unblocked (or was not blocked)' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: '`handle_not_found`' })
  unblock(@CurrentCaller() caller: Caller, @Param('handle', parseHandle()) handle: string): Promise<void> {
    return this.service.unblock(caller, handle);
  }

  @Get()
  @RateLimit({ person: 'reads' })
  @ApiOperation({ summary: 'Everyone you block' })
  @ApiOkResponse({ type: BlockResponse, isArray: true })
  list(@CurrentCaller() caller: Caller): Promise<BlockResponse[]> {
    return this.service.list(caller);
  }
}
