// An import run as the API returns it (POST /imports, GET /imports[/{id}]).
export interface ImportRun {
  id: string;
  entity_type: 'students' | 'faculty' | 'courses';
  dry_run: boolean;
  status: 'queued' | 'processing' | 'completed' | 'failed';
  original_name: string;
  total_rows: number;
  processed_rows: number;
  progress: number;
  created_count: number;
  updated_count: number;
  error_count: number;
  error: string | null;
  error_report_url: string | null;
  created_at: string;
  completed_at: string | null;
}
