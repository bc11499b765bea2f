import { z } from 'zod';
import { ZPageQuery } from './envelope.js';

// Tenant user management and roles (DESIGN §6–§7). Unknown fields are rejected (.strict()), so
// `id`, `deleted_at` or `role` smuggled into a body is a 422, never a silent write.

const name = z.string().trim().min(1, 'This field is required.').max(200);
const roleName = z.string().trim().regex(/^[a-z][a-z0-9_]{1,99}$/, 'Use lowercase letters, digits and underscores.');

export const USER_STATUSES = ['active', 'invited', 'disabled'] as const;

export const ZCreateUserRequest = z
  .object({
    name,
    email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.')),
    password: z.string().max(256).optional(),
    roles: z.array(roleName).min(1, 'Give the user at least one role.').max(20),
    university_id: z.uuid().optional(),
    college_id: z.uuid().nullable().optional(),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = z
  .object({
    name: name.optional(),
    status: z.enum(['active', 'disabled']).optional(),
    roles: z.array(roleName).min(1).max(20).optional(),
    college_id: z.uuid().nullable().optional(),
  })
  .strict();
export type UpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZUserListQuery = ZPageQuery.extend({
  status: z.enum(USER_STATUSES).optional(),
  role: roleName.optional(),
  college_id: z.uuid().optional(),
  university_id: z.uuid().optional(),
  sort: z.enum(['name', '-name', 'email', '-email', 'created_at', '-created_at']).default('name'),
  trashed: z.enum(['only', 'with']).optional(),
}).strict();
export type UserListQuery = z.infer<typeof ZUserListQuery>;

const when = z.iso.datetime({ offset: true });

export const ZUser = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    status: z.enum(USER_STATUSES).describe('`invited` until the user sets a password from the invitation mail.'),
    university_id: z.uuid().nullable(),
    college_id: z.uuid().nullable(),
    roles: z.array(z.string()).describe('Role names, sorted.'),
    mfa_enabled: z.boolean(),
    last_login_at: when.nullable(),
    created_at: when,
    updated_at: when,
    deleted_at: when.nullable().describe('Set while the user is in the trash.'),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof ZUser>;

export const ZCreateRoleRequest = z
  .object({
    name: roleName,
    display_name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(500).optional(),
    level: z.enum(['university', 'college']).default('university'),
    permissions: z.array(z.string().regex(/^[a-z_]+\.[a-z_]+$/)).max(200),
    university_id: z.uuid().optional(),
  })
  .strict();
export type CreateRoleRequest = z.infer<typeof ZCreateRoleRequest>;

export const ZUpdateRoleRequest = z
  .object({
    display_name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(500).nullable().optional(),
    permissions: z.array(z.string().regex(/^[a-z_]+\.[a-z_]+$/)).max(200).optional(),
  })
  .strict();

export const ROLE_LEVELS = ['platform', 'university', 'college'] as const;

export const ZRole = z
  .strictObject({
    id: z.uuid(),
    university_id: z.uuid().nullable().describe('Null for the built-in roles every university shares.'),
    name: z.string(),
    display_name: z.string(),
    description: z.string().nullable(),
    level: z.enum(ROLE_LEVELS),
    is_system: z.boolean().describe('Built-in roles are read-only.'),
    permissions: z.array(z.string()).describe('Permission names, sorted.'),
    created_at: when,
    updated_at: when,
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof ZRole>;
