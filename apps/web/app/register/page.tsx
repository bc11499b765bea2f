import type { Metadata } from 'next';
import { AuthPage } from '@/components/auth/auth-page';
import { SetPasswordForm } from '@/components/auth/set-password-form';

export const metadata: Metadata = { title: 'Accept your invitation' };

export default async function RegisterPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthPage title="Welcome to Bitflow" text="You were invited by your university. Choose a password to finish setting up your account.">
      <SetPasswordForm mode="invite" token={token ?? null} />
    </AuthPage>
  );
}
