// Display names of the report types (packages/contracts REPORT_TYPES).
export const REPORT_TITLES: Record<string, string> = {
  student_roster: 'Student roster',
  enrollment_summary: 'Enrolment summary',
  faculty_directory: 'Faculty directory',
  department_statistics: 'Department statistics',
  platform_usage: 'Platform usage (God Mode)',
  access_review: 'Access review',
  audit_summary: 'Audit and compliance summary',
};
