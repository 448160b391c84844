import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { cognitoConfig, type CognitoOptions } from '@app/cognito';
import { UsersClientModule } from '@app/users-client';
import { createAccessTokenVerifier } from './access-token.verifier';
import { authConfig } from './auth.config';
import { ACCESS_TOKEN_VERIFIER } from './auth.constants';
import { AuthGuard } from './auth.guard';
import { IdentityService } from './identity.service';

/**
 * Cognito access tokens. AuthGuard is made global by the app module (before the rate-limit
 * guard, which keys by the person it finds); @Public() and @TokenOptional() opt out.
 */
@Module({
  imports: [ConfigModule.forFeature(cognitoConfig), ConfigModule.forFeature(authConfig), UsersClientModule],
  providers: [
    {
      provide: ACCESS_TOKEN_VERIFIER,
      inject: [cognitoConfig.KEY, authConfig.KEY],
      useFactory: ({ issuer, clientId }: CognitoOptions, auth: ConfigType<typeof authConfig>) => {
        if (!issuer || !clientId) {
          throw new Error(
            'COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID are not set and no local pool exists: run `npm run cognito -- setup`',
          );
        }
        return createAccessTokenVerifier({
          issuer,
          clientId,
          jwksMaxAgeMs: auth.jwksMaxAgeMs,
          jwksRefetchIntervalMs: auth.jwksRefetchIntervalMs,
        });
      },
    },
    IdentityService,
    AuthGuard,
  ],
  // IdentityService: a profile change replaces the person's cached profile (profiles/).
  exports: [AuthGuard, IdentityService],
})
export class AuthModule {}
