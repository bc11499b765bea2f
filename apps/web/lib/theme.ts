// Shared by the pre-paint script (app/layout.tsx, a server component) and the UI store.
export const THEME_STORAGE_KEY = 'bf-theme';
