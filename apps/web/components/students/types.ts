import type { Student } from '@bitflow/contracts';

// Students as the API returns them are the contract's Student (packages/contracts responses/academic.ts).
export const studentName = (s: Pick<Student, 'first_name' | 'last_name'>) => `${s.first_name} ${s.last_name}`;
