import Link from 'next/link';
import { Button, buttonClass } from '@/components/ui/button';

/** The end of a create/edit form: Cancel (back to where the user came from) and the submit button. */
export function FormActions({ cancelHref, submitLabel, submitting }: { cancelHref: string; submitLabel: string; submitting: boolean }) {
  return (
    <div className="flex justify-end gap-3">
      <Link href={cancelHref} className={buttonClass('secondary')}>
        Cancel
      </Link>
      <Button type="submit" loading={submitting}>
        {submitLabel}
      </Button>
    </div>
  );
}
