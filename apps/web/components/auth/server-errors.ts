import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ApiProblem } from '@/lib/api';

/**
 * Puts the API's `errors: {field: [...]}` onto the form's fields (focusing the first) and returns
 * what is left for a form-level message.
 */
export function applyServerErrors<T extends FieldValues>(problem: ApiProblem, fields: readonly Path<T>[], setError: UseFormSetError<T>): string | null {
  let focused = false;
  let unplaced: string | null = null;
  for (const [field, messages] of Object.entries(problem.errors)) {
    const message = messages[0] ?? 'This value is not valid.';
    if ((fields as readonly string[]).includes(field)) {
      setError(field as Path<T>, { type: 'server', message }, { shouldFocus: !focused });
      focused = true;
    } else {
      unplaced ??= message;
    }
  }
  if (focused && !unplaced) return null;
  return unplaced ?? problem.message;
}
