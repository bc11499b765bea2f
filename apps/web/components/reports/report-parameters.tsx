'use client';
import { COMPLIANCE_REPORT_TYPES, DEFAULT_PERIOD_DAYS, DEFAULT_UNUSED_DAYS, type ReportParameters, type ReportType } from '@bitflow/contracts';
import { TextField } from '@/components/ui/text-field';

// The parameters of the compliance reports, shared by the generate form and the schedule form:
// an access review's "unused after N days"; an audit summary's period (dates for one report, the
// last N days for a schedule, which runs again and again).

export interface ParameterDraft {
  unused_days: string;
  from: string;
  to: string;
  period_days: string;
}
export const EMPTY_DRAFT: ParameterDraft = { unused_days: String(DEFAULT_UNUSED_DAYS), from: '', to: '', period_days: String(DEFAULT_PERIOD_DAYS) };

export const isCompliance = (t: string) => (COMPLIANCE_REPORT_TYPES as readonly string[]).includes(t);

/** What the API is sent for the type: only the parameters it reads. */
export function parametersOf(type: string, d: ParameterDraft, schedule: boolean): ReportParameters {
  if (type === 'access_review') return d.unused_days ? { unused_days: Number(d.unused_days) } : {};
  if (type === 'audit_summary') {
    if (schedule || (!d.from && !d.to)) return d.period_days ? { period_days: Number(d.period_days) } : {};
    return { ...(d.from ? { from: d.from } : {}), ...(d.to ? { to: d.to } : {}) };
  }
  return {};
}

interface Props {
  idPrefix: string;
  type: ReportType | string;
  schedule: boolean;
  value: ParameterDraft;
  onChange: (d: ParameterDraft) => void;
  /** Field errors from the API, keyed `parameters.unused_days`. */
  errors: Record<string, string | undefined>;
}

export function ComplianceParameters({ idPrefix, type, schedule, value, onChange, errors }: Props) {
  const set = (k: keyof ParameterDraft) => (e: React.ChangeEvent<HTMLInputElement>) => onChange({ ...value, [k]: e.target.value });
  if (type === 'access_review') {
    return (
      <TextField id={`${idPrefix}-unused`} label="Flag accounts unused for (days)" type="number" min={1} max={3650} inputMode="numeric" className="sm:w-56"
        value={value.unused_days} onChange={set('unused_days')} error={errors['parameters.unused_days']} title="Privileged accounts without two-factor are flagged too." />
    );
  }
  if (type !== 'audit_summary') return null;
  if (schedule) {
    return (
      <TextField id={`${idPrefix}-period`} label="Period (last N days)" type="number" min={1} max={366} inputMode="numeric"
        value={value.period_days} onChange={set('period_days')} error={errors['parameters.period_days']} hint="Counted back from each run." />
    );
  }
  return (
    <>
      {/* No hint under the dates: the generate form aligns its fields' bottoms, so one would lift the row. */}
      <TextField id={`${idPrefix}-from`} label="From" type="date" className="sm:w-44" value={value.from} onChange={set('from')} error={errors['parameters.from']} title={`Empty: the last ${DEFAULT_PERIOD_DAYS} days.`} />
      <TextField id={`${idPrefix}-to`} label="To" type="date" className="sm:w-44" value={value.to} onChange={set('to')} error={errors['parameters.to'] ?? errors['parameters.period_days']} />
    </>
  );
}
