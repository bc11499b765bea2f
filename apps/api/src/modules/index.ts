import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/index.js';
import { AuthRepository } from './auth/auth.repository.js';
import type { AuthService } from './auth/auth.service.js';
import { AuditRepository } from './audit/audit.repository.js';
import { auditRoutes } from './audit/audit.routes.js';
import { DashboardRepository } from './dashboard/dashboard.repository.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { ConsoleRepository } from './god-mode/console.repository.js';
import { consoleRoutes } from './god-mode/console.routes.js';
import { SearchRepository } from './search/search.repository.js';
import { searchRoutes } from './search/search.routes.js';
import { NotificationsRepository } from './notifications/notifications.repository.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { ReportsRepository } from './reports/reports.repository.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { ReportsService } from './reports/reports.service.js';
import { ImportsRepository } from './imports/imports.repository.js';
import { importsRoutes } from './imports/imports.routes.js';
import { ImportsService } from './imports/imports.service.js';
import { UploadsRepository } from './uploads/uploads.repository.js';
import { uploadsRoutes } from './uploads/uploads.routes.js';
import { UploadsService } from './uploads/uploads.service.js';
import { ScheduledReportsRepository } from './scheduled-reports/scheduled-reports.repository.js';
import { scheduledReportsRoutes } from './scheduled-reports/scheduled-reports.routes.js';
import { ScheduledReportsService } from './scheduled-reports/scheduled-reports.service.js';
import { registerColleges } from './colleges/colleges.module.js';
import { registerCourses } from './courses/courses.module.js';
import { registerDepartments } from './departments/departments.module.js';
import { EnrollmentsRepository } from './enrollments/enrollments.repository.js';
import { enrollmentsRoutes } from './enrollments/enrollments.routes.js';
import { EnrollmentsService } from './enrollments/enrollments.service.js';
import { registerFaculty } from './faculty/faculty.module.js';
import { ListCache } from './shared/list-cache.js';
import { PlacementRepository } from './shared/placement.repository.js';
import { registerStudents } from './students/students.module.js';
import { registerUniversities } from './universities/universities.module.js';
import { impersonationRoutes } from './god-mode/impersonation.routes.js';
import { RolesRepository } from './roles/roles.repository.js';
import { rolesRoutes } from './roles/roles.routes.js';
import { RolesService } from './roles/roles.service.js';
import { UsersRepository } from './users/users.repository.js';
import { usersRoutes } from './users/users.routes.js';
import { UsersService } from './users/users.service.js';

// Domain modules, registered after the auth pipeline so every route inherits it.
export async function registerModules(app: FastifyInstance, platform: Platform, auth: AuthService) {
  const db = platform.database.db;
  const roles = new RolesRepository(db);
  const places = new PlacementRepository(db);
  const lists = new ListCache(platform.cache);
  const notifications = new NotificationsService(new NotificationsRepository(db), platform.pubsub, platform.mailer);
  await impersonationRoutes(app, auth);
  await rolesRoutes(app, new RolesService(db, roles, auth.actors));
  auditRoutes(app, new AuditRepository(db));
  notificationsRoutes(app, notifications, platform.pubsub);
  importsRoutes(app, new ImportsService(db, new ImportsRepository(db), platform.storage, platform.queue, places));
  uploadsRoutes(app, new UploadsService(db, new UploadsRepository(db), platform.storage));
  scheduledReportsRoutes(app, new ScheduledReportsService(db, new ScheduledReportsRepository(db), places));
  reportsRoutes(app, new ReportsService(db, new ReportsRepository(db), platform.queue, platform.storage, places));
  searchRoutes(app, new SearchRepository(db));
  dashboardRoutes(app, new DashboardRepository(db), lists);
  consoleRoutes(app, new ConsoleRepository(db), platform);
  registerUniversities(app, db, auth.actors, lists, notifications);
  registerColleges(app, db, lists);
  registerDepartments(app, db, lists);
  registerCourses(app, db, lists);
  registerStudents(app, db, platform.cipher, lists);
  registerFaculty(app, db, platform.cipher, lists);
  enrollmentsRoutes(app, new EnrollmentsService(db, new EnrollmentsRepository(db), places, lists, notifications));
  await usersRoutes(
    app,
    new UsersService({ db, repo: new UsersRepository(db), roles, authRepo: new AuthRepository(db), actors: auth.actors, mailer: platform.mailer, config: platform.config, notifications }),
  );
}
