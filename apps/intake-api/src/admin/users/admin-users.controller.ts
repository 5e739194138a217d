import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import { AdminUsersService } from './admin-users.service';
import { CreateOfficerDto, ListUsersQuery, UpdateUserDto } from './dto/user.dtos';

/** Officer accounts. Answers never carry a password hash. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOkResponse({ description: '{ items: [{ id, username, fullName, email, roles, agency, division, active, locked, … }], page, pageSize, total }' })
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The new officer account' })
  @ApiConflictResponse({ description: 'user_exists: the username or e-mail is taken' })
  create(@Body() body: CreateOfficerDto, @CurrentUser() admin: AuthUser) {
    return this.users.createOfficer(body, admin);
  }

  /** Roles and division changes take effect at the officer's next login (tokens carry them). */
  @Patch(':id')
  @ApiOkResponse({ description: 'The account after the change' })
  @ApiNotFoundResponse({ description: 'user_not_found' })
  @ApiConflictResponse({ description: 'own_admin_access: an administrator cannot lock themselves out' })
  update(@Param('id') id: string, @Body() body: UpdateUserDto, @CurrentUser() admin: AuthUser) {
    return this.users.update(id, body, admin);
  }

  @Post(':id/unlock')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'The account with failedLogins 0 and no lock' })
  @ApiNotFoundResponse({ description: 'user_not_found' })
  unlock(@Param('id') id: string, @CurrentUser() admin: AuthUser) {
    return this.users.unlock(id, admin);
  }
}
