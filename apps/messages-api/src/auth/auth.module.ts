import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { cognitoConfig, type CognitoOptions } from '@app/cognito';
import { UsersClientModule } from '@app/users-client';
import { createAccessTokenVerifier } from './access-token.verifier';
import { authConfig } from './auth.config';
import { ACCESS_TOKEN_VERIFIER } from './auth.constants';
import { AuthGuard } from './auth.guard';
import { IdentityService } from './identity.service';

/** Cognito access tokens on every route (AuthGuard is global; @Public() opts out). */
@Module({
  imports: [ConfigModule.forFeature(cognitoConfig), ConfigModule.forFeature(authConfig), UsersClientModule],
  providers: [
    {
      provide: ACCESS_TOKEN_VERIFIER,
      inject: [cognitoConfig.KEY],
      useFactory: ({ issuer, clientId }: CognitoOptions) => {
        if (!issuer || !clientId) {
          throw new Error(
            'COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID are not set and no local pool exists: run `npm run cognito -- setup`',
          );
        }
        return createAccessTokenVerifier({ issuer, clientId });
      },
    },
    IdentityService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
