import { sql } from 'kysely';
import { createTable, index, isMysql, softDelete, timestamps, uuidPk, uuidRef, type AnyDb } from '../schema-helpers.js';

// Users, RBAC (users ⇄ roles ⇄ permissions), sessions with rotating refresh tokens, single-use
// e-mailed tokens (invitation, password reset), and the append-only, hash-chained audit log.

export async function up(db: AnyDb): Promise<void> {
  await createTable(db, 'users', (t) =>
    softDelete(
      timestamps(
        uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities', { nullable: true }), 'college_id', 'colleges', {
          nullable: true,
        })
          .addColumn('name', 'varchar(200)', (c) => c.notNull())
          .addColumn('email', 'varchar(254)', (c) => c.notNull())
          .addColumn('password_hash', 'varchar(255)')
          // active | invited | disabled
          .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
          .addColumn('mfa_secret_enc', 'text')
          .addColumn('mfa_enabled', 'smallint', (c) => c.notNull().defaultTo(0))
          .addColumn('mfa_recovery_codes', 'text')
          .addColumn('last_login_at', 'datetime(3)')
          .addColumn('password_changed_at', 'datetime(3)'),
      ),
    ),
  );
  // E-mail is unique across the platform among live users (stored lower-cased).
  await index(db, 'users', 'users_email_live_uq', ['email', 'is_live'], true);
  await index(db, 'users', 'users_univ_college_name_idx', ['university_id', 'college_id', 'name']);

  await createTable(db, 'permissions', (t) =>
    uuidPk(t)
      .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('entity', 'varchar(50)', (c) => c.notNull())
      .addColumn('action', 'varchar(50)', (c) => c.notNull())
      .addColumn('description', 'varchar(300)'),
  );

  await createTable(db, 'roles', (t) =>
    timestamps(
      uuidRef(uuidPk(t), 'university_id', 'universities', { nullable: true })
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'varchar(500)')
        // platform | university | college: where the holder acts
        .addColumn('level', 'varchar(20)', (c) => c.notNull())
        .addColumn('is_system', 'smallint', (c) => c.notNull().defaultTo(0))
        // '' for built-in roles, the university id for custom ones: NULLs would not collide.
        .addColumn('owner_key', 'varchar(36)', (c) => c.notNull().defaultTo('')),
    ),
  );
  await index(db, 'roles', 'roles_owner_name_uq', ['owner_key', 'name'], true);

  await createTable(db, 'role_permissions', (t) =>
    uuidRef(uuidRef(t, 'role_id', 'roles'), 'permission_id', 'permissions').addPrimaryKeyConstraint('role_permissions_pk', [
      'role_id',
      'permission_id',
    ]),
  );

  await createTable(db, 'user_roles', (t) =>
    uuidRef(uuidRef(t, 'user_id', 'users'), 'role_id', 'roles')
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role_id']),
  );
  await index(db, 'user_roles', 'user_roles_role_idx', ['role_id']);

  await createTable(db, 'sessions', (t) =>
    uuidRef(uuidRef(uuidPk(t), 'user_id', 'users'), 'impersonator_id', 'users', { nullable: true })
      .addColumn('university_id', 'char(36)')
      .addColumn('user_agent', 'varchar(500)')
      .addColumn('ip', 'varchar(64)')
      .addColumn('impersonation_reason', 'varchar(500)')
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('last_activity_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('expires_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('revoked_at', 'datetime(3)'),
  );
  await index(db, 'sessions', 'sessions_user_idx', ['user_id', 'revoked_at']);

  await createTable(db, 'refresh_tokens', (t) =>
    uuidRef(uuidPk(t), 'session_id', 'sessions')
      .addColumn('family_id', 'char(36)', (c) => c.notNull())
      .addColumn('parent_id', 'char(36)')
      .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('expires_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('used_at', 'datetime(3)')
      .addColumn('revoked_at', 'datetime(3)'),
  );
  await index(db, 'refresh_tokens', 'refresh_tokens_family_idx', ['family_id']);

  // Invitation and password-reset tokens: stored hashed, single use.
  await createTable(db, 'user_tokens', (t) =>
    uuidRef(uuidPk(t), 'user_id', 'users')
      .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
      .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('expires_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('used_at', 'datetime(3)'),
  );

  // Append-only. No foreign keys: the trail must outlive what it describes (even a purged tenant).
  // chain_key is the university id, or 'platform'; each chain is ordered by seq and hash-linked.
  await createTable(db, 'audit_logs', (t) =>
    uuidPk(t)
      .addColumn('chain_key', 'varchar(36)', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('university_id', 'char(36)')
      .addColumn('actor_id', 'char(36)')
      .addColumn('impersonator_id', 'char(36)')
      .addColumn('action', 'varchar(100)', (c) => c.notNull())
      .addColumn('entity_type', 'varchar(50)')
      .addColumn('entity_id', 'varchar(64)')
      .addColumn('changes', 'text')
      .addColumn('ip', 'varchar(64)')
      .addColumn('user_agent', 'varchar(500)')
      .addColumn('request_id', 'varchar(100)')
      .addColumn('created_at', 'datetime(3)', (c) => c.notNull())
      .addColumn('prev_hash', 'char(64)', (c) => c.notNull())
      .addColumn('hash', 'char(64)', (c) => c.notNull()),
  );
  await index(db, 'audit_logs', 'audit_logs_chain_seq_uq', ['chain_key', 'seq'], true);
  await index(db, 'audit_logs', 'audit_logs_univ_created_idx', ['university_id', 'created_at']);
  await index(db, 'audit_logs', 'audit_logs_univ_entity_idx', ['university_id', 'entity_type', 'entity_id']);

  if (isMysql(db)) {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER audit_logs_no_${op.toLowerCase()} BEFORE ${op} ON audit_logs FOR EACH ROW ` +
            `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_logs is append-only'`,
        )
        .execute(db);
    }
  } else {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER audit_logs_no_${op.toLowerCase()} BEFORE ${op} ON audit_logs ` +
            `BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only'); END`,
        )
        .execute(db);
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['audit_logs', 'user_tokens', 'refresh_tokens', 'sessions', 'user_roles', 'role_permissions', 'roles', 'permissions', 'users']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
