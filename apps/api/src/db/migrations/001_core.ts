import { createTable, index, softDelete, timestamps, uuidPk, uuidRef, type AnyDb } from '../schema-helpers.js';

// Tenant tree (seed §Data Architecture): universities → colleges → departments → students/faculty,
// colleges → courses, students × courses → enrollments. Every tenant-owned row carries
// university_id (and college_id below a college) so scoping and sharding need no joins.
// Composite indexes put the tenant first to match the list queries.

export async function up(db: AnyDb): Promise<void> {
  await createTable(db, 'universities', (t) =>
    softDelete(
      timestamps(
        uuidPk(t)
          .addColumn('name', 'varchar(200)', (c) => c.notNull())
          .addColumn('code', 'varchar(50)', (c) => c.notNull())
          .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
          .addColumn('email', 'varchar(254)')
          .addColumn('phone', 'varchar(50)')
          .addColumn('website', 'varchar(300)')
          .addColumn('address', 'text')
          .addColumn('country', 'varchar(2)')
          .addColumn('timezone', 'varchar(64)', (c) => c.notNull().defaultTo('UTC'))
          .addColumn('settings', 'text')
          .addColumn('suspended_at', 'datetime(3)')
          .addColumn('suspended_reason', 'varchar(500)'),
      ),
    ),
  );
  await index(db, 'universities', 'universities_code_live_uq', ['code', 'is_live'], true);
  await index(db, 'universities', 'universities_status_name_idx', ['status', 'name']);

  await createTable(db, 'colleges', (t) =>
    softDelete(
      timestamps(
        uuidRef(uuidPk(t), 'university_id', 'universities')
          .addColumn('name', 'varchar(200)', (c) => c.notNull())
          .addColumn('code', 'varchar(50)', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('email', 'varchar(254)')
          .addColumn('phone', 'varchar(50)')
          .addColumn('dean_name', 'varchar(200)')
          .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active')),
      ),
    ),
  );
  await index(db, 'colleges', 'colleges_univ_code_live_uq', ['university_id', 'code', 'is_live'], true);
  await index(db, 'colleges', 'colleges_univ_name_idx', ['university_id', 'name']);

  await createTable(db, 'departments', (t) =>
    softDelete(
      timestamps(
        uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities'), 'college_id', 'colleges')
          .addColumn('name', 'varchar(200)', (c) => c.notNull())
          .addColumn('code', 'varchar(50)', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('head_name', 'varchar(200)')
          .addColumn('email', 'varchar(254)')
          .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active')),
      ),
    ),
  );
  await index(db, 'departments', 'departments_univ_code_live_uq', ['university_id', 'code', 'is_live'], true);
  await index(db, 'departments', 'departments_univ_college_name_idx', ['university_id', 'college_id', 'name']);

  await createTable(db, 'courses', (t) =>
    softDelete(
      timestamps(
        uuidRef(
          uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities'), 'college_id', 'colleges'),
          'department_id',
          'departments',
          { nullable: true, onDelete: 'set null' },
        )
          .addColumn('code', 'varchar(50)', (c) => c.notNull())
          .addColumn('title', 'varchar(200)', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('credits', 'smallint', (c) => c.notNull().defaultTo(3))
          .addColumn('term', 'varchar(20)', (c) => c.notNull())
          .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(30))
          // Maintained under a row lock by enrolment so capacity holds under concurrency.
          .addColumn('enrolled_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active')),
      ),
    ),
  );
  await index(db, 'courses', 'courses_univ_code_live_uq', ['university_id', 'code', 'is_live'], true);
  await index(db, 'courses', 'courses_univ_college_term_idx', ['university_id', 'college_id', 'term']);
  await index(db, 'courses', 'courses_univ_title_idx', ['university_id', 'title']);

  const person = (t: Parameters<Parameters<typeof createTable>[2]>[0]) =>
    uuidRef(
      uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities'), 'college_id', 'colleges'),
      'department_id',
      'departments',
    )
      .addColumn('user_id', 'char(36)')
      .addColumn('first_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('last_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('email', 'varchar(254)')
      // Personal data, AES-256-GCM ciphertext ("keyId:iv:tag:data"), never plain text.
      .addColumn('phone_enc', 'text')
      .addColumn('date_of_birth_enc', 'text')
      .addColumn('address_enc', 'text')
      .addColumn('national_id_enc', 'text')
      .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'));

  await createTable(db, 'students', (t) =>
    softDelete(
      timestamps(
        person(t)
          .addColumn('admission_number', 'varchar(50)', (c) => c.notNull())
          .addColumn('program', 'varchar(200)')
          .addColumn('year_of_study', 'smallint', (c) => c.notNull().defaultTo(1))
          .addColumn('admission_date', 'date'),
      ),
    ),
  );
  await index(db, 'students', 'students_univ_admission_live_uq', ['university_id', 'admission_number', 'is_live'], true);
  await index(db, 'students', 'students_univ_created_idx', ['university_id', 'created_at', 'id']);
  await index(db, 'students', 'students_univ_last_first_idx', ['university_id', 'last_name', 'first_name']);
  await index(db, 'students', 'students_univ_college_dept_idx', ['university_id', 'college_id', 'department_id']);
  await index(db, 'students', 'students_univ_status_idx', ['university_id', 'status']);
  await index(db, 'students', 'students_univ_email_idx', ['university_id', 'email']);

  await createTable(db, 'faculty', (t) =>
    softDelete(
      timestamps(
        person(t)
          .addColumn('employee_id', 'varchar(50)', (c) => c.notNull())
          .addColumn('designation', 'varchar(100)')
          .addColumn('employment_type', 'varchar(20)', (c) => c.notNull().defaultTo('full_time'))
          .addColumn('hire_date', 'date'),
      ),
    ),
  );
  await index(db, 'faculty', 'faculty_univ_employee_live_uq', ['university_id', 'employee_id', 'is_live'], true);
  await index(db, 'faculty', 'faculty_univ_last_first_idx', ['university_id', 'last_name', 'first_name']);
  await index(db, 'faculty', 'faculty_univ_college_dept_idx', ['university_id', 'college_id', 'department_id']);

  await createTable(db, 'enrollments', (t) =>
    softDelete(
      timestamps(
        uuidRef(
          uuidRef(
            uuidRef(uuidRef(uuidPk(t), 'university_id', 'universities'), 'college_id', 'colleges'),
            'student_id',
            'students',
          ),
          'course_id',
          'courses',
        )
          .addColumn('term', 'varchar(20)', (c) => c.notNull())
          .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('enrolled'))
          .addColumn('grade', 'varchar(5)')
          .addColumn('enrolled_at', 'datetime(3)', (c) => c.notNull()),
      ),
    ),
  );
  await index(db, 'enrollments', 'enrollments_student_course_term_live_uq', ['student_id', 'course_id', 'term', 'is_live'], true);
  await index(db, 'enrollments', 'enrollments_univ_course_idx', ['university_id', 'course_id', 'status']);
  await index(db, 'enrollments', 'enrollments_univ_term_idx', ['university_id', 'term', 'enrolled_at']);
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['enrollments', 'faculty', 'students', 'courses', 'departments', 'colleges', 'universities']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
