import type { Metadata } from 'next';
import { AuthPage } from '@/components/auth/auth-page';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';

export const metadata: Metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <AuthPage title="Forgot your password?" text="Enter your e-mail and we will send you a link to choose a new one.">
      <ForgotPasswordForm />
    </AuthPage>
  );
}
