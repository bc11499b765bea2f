import { CronExpressionParser } from 'cron-parser';
import { AppError } from '../../core/app-error.js';

/** The next run after `from`, or a 422 naming the field that is wrong. */
export function nextRun(cron: string, timezone: string, from = new Date()): Date {
  try {
    Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw AppError.validation({ timezone: ['Use an IANA timezone such as Europe/Berlin.'] });
  }
  try {
    return CronExpressionParser.parse(cron, { tz: timezone, currentDate: from }).next().toDate();
  } catch {
    throw AppError.validation({ cron: ['Use a cron expression such as "0 7 * * 1" (Mondays at 07:00).'] });
  }
}
