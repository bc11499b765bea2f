import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuthLayout } from '@/components/auth/auth-layout';
import { LoginFlow } from '@/components/auth/login-flow';

export const metadata: Metadata = { title: 'Sign in' };

export default function LoginPage() {
  return (
    <AuthLayout>
      <Suspense>
        <LoginFlow />
      </Suspense>
    </AuthLayout>
  );
}
