'use client';
import type { UploadKind, UploadedFile } from '@bitflow/contracts';
import { UploadCloud } from 'lucide-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { api, apiError, type Envelope } from '@/lib/api';
import { cx } from '@/lib/cx';
import type { PersonType } from './person-photo';
import { ACCEPT, KIND_HINT, uploadProblem } from './upload-rules';

/**
 * Drop a file here or pick one with the button: checked for size and type in the browser first,
 * then sent as multipart with its progress shown. The API's refusal (wrong bytes, 20 an hour)
 * appears in the same place as the browser's.
 */
export function FileDrop({ entityType, entityId, kind, onUploaded }: { entityType: PersonType; entityId: string; kind: UploadKind; onUploaded: (f: UploadedFile) => void }) {
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (file: File) => {
    const local = uploadProblem(file, kind);
    setProblem(local);
    if (local) return;
    setProgress({ name: file.name, percent: 0 });
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await api.post<Envelope<UploadedFile>>('/uploads', form, {
        params: { entity_type: entityType, entity_id: entityId, kind },
        timeout: 120_000, // 10 MB on a slow uplink
        onUploadProgress: (e) => setProgress({ name: file.name, percent: e.total ? Math.round((e.loaded / e.total) * 100) : 0 }),
      });
      onUploaded(res.data.data);
    } catch (e) {
      const p = apiError(e);
      setProblem(p.errors.kind?.[0] ?? p.errors.file?.[0] ?? p.message);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 1) setProblem('Drop one file at a time.');
    else if (files[0] && !progress) void send(files[0]);
  };

  return (
    <div className="space-y-3">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid={`drop-${kind}`}
        className={cx(
          'flex flex-col items-center gap-2 rounded-xl border-2 border-dashed px-4 py-6 text-center transition-colors',
          over ? 'border-blue-500 bg-blue-50 dark:border-blue-400 dark:bg-blue-500/10' : 'border-slate-300 dark:border-slate-700',
        )}
      >
        <UploadCloud aria-hidden className="size-6 text-slate-500 dark:text-slate-400" />
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Drag a file here, or{' '}
          <label htmlFor={inputId} className="cursor-pointer font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300">
            choose {kind === 'photo' ? 'a photo' : 'a document'}
          </label>
        </p>
        <p id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
          {KIND_HINT[kind]}
        </p>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept={ACCEPT[kind]}
          aria-describedby={hintId}
          disabled={!!progress}
          className="sr-only"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void send(f);
          }}
        />
      </div>
      {progress && (
        <div>
          <div className="flex justify-between gap-3 text-xs text-slate-700 dark:text-slate-300">
            <span className="truncate">Uploading {progress.name}…</span>
            <span className="tabular-nums">{progress.percent}%</span>
          </div>
          <div role="progressbar" aria-label={`Uploading ${progress.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress.percent} className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800">
            <div className="h-full rounded-full bg-blue-600 transition-all" style={{ width: `${progress.percent}%` }} />
          </div>
        </div>
      )}
      {problem && (
        <Alert tone="error" title="The file was not uploaded">
          {problem}
        </Alert>
      )}
    </div>
  );
}
