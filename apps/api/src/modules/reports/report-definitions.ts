import type { ReportParameters, ReportType } from '@bitflow/contracts';
import type { Scope } from '../../core/actor.js';
import type { Column } from './report-writer.js';
import type { ReportsRepository } from './reports.repository.js';
import { accessReview } from '../compliance/access-review.js';
import { auditSummary } from '../compliance/audit-summary.js';

// What each report type shows and where its rows come from (always through the report's scope).
export interface ReportDefinition {
  title: string;
  columns: Column[];
  rows(repo: ReportsRepository, scope: Scope, p: ReportParameters): AsyncIterable<Record<string, unknown>[]>;
  /** The parameters with their defaults filled in at generation time (a period ending today), before rows and describe see them. */
  resolve?: (p: ReportParameters, now: Date) => ReportParameters;
  /** The PDF's filter line, when describeFilters' wording does not fit the type. */
  describe?: (p: ReportParameters) => string[];
  landscape?: boolean;
}

async function* once<T>(p: Promise<T[]>) {
  yield await p;
}

export const REPORTS: Record<ReportType, ReportDefinition> = {
  student_roster: {
    title: 'Student roster',
    columns: [
      { key: 'admission_number', label: 'Admission no.', width: 0.16 },
      { key: 'name', label: 'Name', width: 0.24 },
      { key: 'department', label: 'Department', width: 0.22 },
      { key: 'program', label: 'Programme', width: 0.16 },
      { key: 'year_of_study', label: 'Year', width: 0.08 },
      { key: 'status', label: 'Status', width: 0.14 },
    ],
    async *rows(repo, scope, p) {
      for await (const page of repo.students(scope, p)) yield page.map((s) => ({ ...s, name: `${s.last_name}, ${s.first_name}` }));
    },
  },
  faculty_directory: {
    title: 'Faculty directory',
    columns: [
      { key: 'employee_id', label: 'Employee id', width: 0.15 },
      { key: 'name', label: 'Name', width: 0.24 },
      { key: 'department', label: 'Department', width: 0.22 },
      { key: 'designation', label: 'Designation', width: 0.17 },
      { key: 'email', label: 'E-mail', width: 0.22 },
    ],
    async *rows(repo, scope, p) {
      for await (const page of repo.faculty(scope, p)) yield page.map((f) => ({ ...f, name: `${f.last_name}, ${f.first_name}` }));
    },
  },
  enrollment_summary: {
    title: 'Enrolment summary by course and term',
    columns: [
      { key: 'term', label: 'Term', width: 0.11 },
      { key: 'code', label: 'Course', width: 0.12 },
      { key: 'title', label: 'Title', width: 0.33 },
      { key: 'capacity', label: 'Capacity', width: 0.11 },
      { key: 'enrolled', label: 'Enrolled', width: 0.11 },
      { key: 'completed', label: 'Completed', width: 0.11 },
      { key: 'dropped', label: 'Dropped', width: 0.11 },
    ],
    rows: (repo, scope, p) => once(repo.enrollmentSummary(scope, p)),
  },
  department_statistics: {
    title: 'Department statistics',
    columns: [
      { key: 'college', label: 'College', width: 0.3 },
      { key: 'name', label: 'Department', width: 0.3 },
      { key: 'students', label: 'Students', width: 0.13 },
      { key: 'faculty', label: 'Faculty', width: 0.13 },
      { key: 'courses', label: 'Courses', width: 0.14 },
    ],
    rows: (repo, scope, p) => once(repo.departmentStatistics(scope, p)),
  },
  platform_usage: {
    title: 'Platform usage',
    columns: [
      { key: 'name', label: 'University', width: 0.32 },
      { key: 'code', label: 'Code', width: 0.1 },
      { key: 'status', label: 'Status', width: 0.12 },
      { key: 'students', label: 'Students', width: 0.12 },
      { key: 'faculty', label: 'Faculty', width: 0.12 },
      { key: 'courses', label: 'Courses', width: 0.11 },
      { key: 'users', label: 'Users', width: 0.11 },
    ],
    rows: (repo) => once(repo.platformUsage()),
  },
  // Compliance (modules/compliance): only for holders of compliance.view.
  access_review: accessReview,
  audit_summary: auditSummary,
};

export function describeFilters(p: ReportParameters): string[] {
  const out: string[] = [];
  if (p.from || p.to) out.push(`created ${p.from ?? '…'} to ${p.to ?? '…'}`);
  if (p.term) out.push(`term ${p.term}`);
  if (p.status) out.push(`status ${p.status}`);
  if (p.college_ids?.length) out.push(`${p.college_ids.length} college(s)`);
  if (p.department_ids?.length) out.push(`${p.department_ids.length} department(s)`);
  return out;
}
