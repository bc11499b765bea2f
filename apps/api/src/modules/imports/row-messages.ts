import type { z } from 'zod';

// What a registrar reads in the error report for a cell zod refused. The row schemas' own messages
// ("Use the format YYYY-MM-DD.") win over these (zod applies a parse-level error map only where
// the schema gave none); these replace zod's parser text ("expected number, received NaN").

type Issue = z.core.$ZodRawIssue;

const label = (path: PropertyKey[] | undefined) => {
  const name = String(path?.[0] ?? 'This field').replace(/_/g, ' ');
  return name.charAt(0).toUpperCase() + name.slice(1);
};

export function humanIssue(issue: Issue): string | undefined {
  const what = label(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'This field is required.';
      if (issue.expected === 'int') return `${what} must be a whole number.`;
      if (issue.expected === 'number') return `${what} must be a number.`;
      return `${what} is not valid.`;
    case 'too_small':
      return issue.origin === 'string' ? 'This field is required.' : `${what} must be at least ${String(issue.minimum)}.`;
    case 'too_big':
      return issue.origin === 'string' ? `${what} must be at most ${String(issue.maximum)} characters.` : `${what} must be at most ${String(issue.maximum)}.`;
    case 'invalid_value':
      return `${what} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_format':
      return `${what} is not in a valid format.`;
    default:
      return `${what} is not valid.`;
  }
}
