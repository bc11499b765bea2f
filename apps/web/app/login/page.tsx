'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { ZLoginRequest, type LoginRequest } from '@bitflow/contracts';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, apiError } from '@/lib/api';
import { useAuth } from '@/stores/auth';

// Sign-in. The form validates with the API's own zod schema; server field errors land on the fields.
function LoginForm() {
  const router = useRouter();
  const next = useSearchParams().get('next') ?? '/dashboard';
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<LoginRequest>({ resolver: zodResolver(ZLoginRequest) });

  const finish = (token: string) => {
    useAuth.getState().setToken(token);
    router.replace(next.startsWith('/') ? next : '/dashboard');
  };

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const { data } = await api.post('/auth/login', values);
      if (data.data.mfa_required) setMfaToken(data.data.mfa_token);
      else finish(data.data.access_token);
    } catch (e) {
      const { message, errors } = apiError(e);
      for (const [field, msgs] of Object.entries(errors)) setError(field as keyof LoginRequest, { message: msgs[0] });
      setFormError(message);
    }
  });

  const onMfa = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const { data } = await api.post('/auth/mfa/verify', { mfa_token: mfaToken, code });
      finish(data.data.access_token);
    } catch (err) {
      setFormError(apiError(err).message);
    }
  };

  const input = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <div className="mb-6 flex items-center gap-2">
          <span aria-hidden className="grid h-9 w-9 place-items-center rounded-lg bg-blue-700 font-bold text-white">B</span>
          <div>
            <h1 className="text-lg font-semibold">Bitflow Owner Portal</h1>
            <p className="text-sm text-slate-600 dark:text-slate-400">Sign in to continue</p>
          </div>
        </div>
        {formError && (
          <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
            {formError}
          </p>
        )}
        {mfaToken ? (
          <form onSubmit={onMfa} className="space-y-4">
            <label className="block text-sm font-medium" htmlFor="code">Authentication code</label>
            <input id="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} className={input} autoFocus />
            <button className="w-full rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">Verify</button>
          </form>
        ) : (
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <div>
              <label className="block text-sm font-medium" htmlFor="email">E-mail</label>
              <input id="email" type="email" autoComplete="username" {...register('email')} aria-invalid={!!formState.errors.email} aria-describedby="email-error" className={input} />
              {formState.errors.email && <p id="email-error" className="mt-1 text-sm text-red-700 dark:text-red-300">{formState.errors.email.message}</p>}
            </div>
            <div>
              <label className="block text-sm font-medium" htmlFor="password">Password</label>
              <input id="password" type="password" autoComplete="current-password" {...register('password')} aria-invalid={!!formState.errors.password} aria-describedby="password-error" className={input} />
              {formState.errors.password && <p id="password-error" className="mt-1 text-sm text-red-700 dark:text-red-300">{formState.errors.password.message}</p>}
            </div>
            <button disabled={formState.isSubmitting} className="w-full rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
              {formState.isSubmitting ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}

export default function LoginPage() {
  return (
    <Suspense>
      <LoginForm />
    </Suspense>
  );
}
