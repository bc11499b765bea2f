import type { Metadata } from 'next';
import { AuthPage } from '@/components/auth/auth-page';
import { SetPasswordForm } from '@/components/auth/set-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthPage title="Choose a new password" text="Signing in again is needed on every device once the password changes.">
      <SetPasswordForm mode="reset" token={token ?? null} />
    </AuthPage>
  );
}
