import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { AccountsService, UserEntity } from '@motcua/identity';
import { notFoundProblem } from '@motcua/observability';
import type { AuthUser } from './auth-user';
import { CurrentUser, Public } from './auth.decorators';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';

function userView(user: UserEntity) {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    roles: user.roles,
    email: user.email,
    phone: user.phone,
    idNumber: user.idNumber,
    agencyId: user.agencyId,
    divisionId: user.divisionId,
  };
}

@ApiTags('accounts')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Citizen registration; the ID number becomes the username. */
  @Public()
  @Post('register')
  @ApiCreatedResponse({ description: 'The new account' })
  @ApiConflictResponse({ description: 'account_exists' })
  async register(@Body() body: RegisterDto) {
    return userView(await this.accounts.registerCitizen(body));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ accessToken, tokenType, expiresIn, user }' })
  @ApiUnauthorizedResponse({ description: 'invalid_credentials' })
  @ApiTooManyRequestsResponse({ description: 'account_locked, with Retry-After' })
  async login(@Body() body: LoginDto) {
    const user = await this.accounts.authenticate(body.username, body.password);
    const unit = await this.accounts.divisionCode(user.divisionId);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, username: user.username, name: user.fullName, roles: user.roles, agency: user.agencyId, division: user.divisionId, unit, ver: user.accessVersion },
      { expiresIn: this.config.auth.jwtExpiresInSeconds, algorithm: 'HS256' },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.jwtExpiresInSeconds, user: userView(user) };
  }

  @ApiBearerAuth()
  @Get('me')
  async me(@CurrentUser() caller: AuthUser) {
    const user = await this.accounts.findById(caller.id);
    if (!user) throw notFoundProblem('account', 'The account no longer exists.');
    return userView(user);
  }
}
