// What the dashboard routes answer (filled in by the typed-contract work, issue #20).
export {};
