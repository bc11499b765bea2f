import type { AnyDb } from '../schema-helpers.js';

// An upload is a person's photo or one of their documents (issue #21 item 3): the newest photo is
// the one the portal shows, and only images can be photos. Files uploaded before there was a kind
// were photos or documents alike; an image among them is taken as a photo, so a person who has one
// keeps a picture, and everything else is a document.

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('files').addColumn('kind', 'varchar(20)', (c) => c.notNull().defaultTo('document')).execute();
  await db.updateTable('files').set({ kind: 'photo' }).where('mime_type', 'like', 'image/%').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('files').dropColumn('kind').execute();
}
