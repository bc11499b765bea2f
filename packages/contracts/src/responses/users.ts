import { z } from 'zod';
import { listEnvelope, successEnvelope } from '../envelope.js';
import { ZRole, ZUser } from '../users.js';

// What the user-management, role and permission-catalogue routes answer.

export const ZUserEnvelope = successEnvelope(ZUser).meta({ id: 'UserEnvelope' });
export const ZUserListEnvelope = listEnvelope(ZUser).meta({ id: 'UserList' });

export const ZRoleEnvelope = successEnvelope(ZRole).meta({ id: 'RoleEnvelope' });
/** Roles are few per university: the whole list, unpaged. */
export const ZRoleListEnvelope = successEnvelope(z.strictObject({ items: z.array(ZRole) })).meta({ id: 'RoleList' });

/** A permission a save added because another permission of the role needs it (prerequisites.ts). */
export const ZAddedPermission = z
  .strictObject({ permission: z.string(), needed_by: z.string().describe('The permission of the role that needs it.') })
  .meta({ id: 'AddedPermission' });
/** A created or updated role, with the prerequisites the save added (empty when none). */
export const ZSavedRole = ZRole.extend({ added_permissions: z.array(ZAddedPermission) }).meta({ id: 'SavedRole' });
export const ZSavedRoleEnvelope = successEnvelope(ZSavedRole).meta({ id: 'SavedRoleEnvelope' });

/** One entry of the permission catalogue roles are built from. */
export const ZPermissionInfo = z
  .strictObject({ name: z.string(), entity: z.string(), action: z.string(), description: z.string().nullable() })
  .meta({ id: 'Permission' });
export const ZPermissionListEnvelope = successEnvelope(z.strictObject({ items: z.array(ZPermissionInfo) })).meta({ id: 'PermissionList' });

export type SavedRole = z.infer<typeof ZSavedRole>;
export type PermissionInfo = z.infer<typeof ZPermissionInfo>;
