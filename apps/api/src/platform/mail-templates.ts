import { escapeHtml } from './html.js';
import type { MailContent as MailMessage } from './mail.js';

// Every e-mail the product sends, each with a text and an HTML part, in one place.
const layout = (body: string) =>
  `<div style="font-family:system-ui,Segoe UI,Arial,sans-serif;max-width:560px;margin:auto;color:#0f172a">` +
  `<p style="font-weight:600;color:#1d4ed8">Bitflow Owner Portal</p>${body}` +
  `<p style="color:#64748b;font-size:12px">You receive this because of your account on the Bitflow Owner Portal.</p></div>`;
const button = (href: string, label: string) =>
  `<p><a href="${escapeHtml(href)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(label)}</a></p>`;

export const mailTemplates = {
  invitation: (to: string, name: string, inviter: string, link: string): MailMessage => ({
    to,
    subject: 'You are invited to the Bitflow Owner Portal',
    text: `Hello ${name},\n\n${inviter} invited you to the Bitflow Owner Portal. Set your password within 7 days:\n${link}\n`,
    html: layout(`<p>Hello ${escapeHtml(name)},</p><p>${escapeHtml(inviter)} invited you to the Bitflow Owner Portal. Set your password within 7 days.</p>${button(link, 'Set your password')}`),
  }),
  passwordReset: (to: string, name: string, link: string): MailMessage => ({
    to,
    subject: 'Reset your Bitflow password',
    text: `Hello ${name},\n\nUse this link within one hour to choose a new password:\n${link}\n\nIf you did not ask for this, ignore this e-mail.`,
    html: layout(`<p>Hello ${escapeHtml(name)},</p><p>Use this link within one hour to choose a new password.</p>${button(link, 'Reset password')}<p>If you did not ask for this, ignore this e-mail.</p>`),
  }),
  reportReady: (to: string, title: string, rows: number, link: string): MailMessage => ({
    to,
    subject: `Your report is ready: ${title}`,
    text: `Your report "${title}" is ready (${rows} rows). Download it from the portal:\n${link}\n`,
    html: layout(`<p>Your report <strong>${escapeHtml(title)}</strong> is ready (${rows} rows). Download it from the portal.</p>${button(link, 'Open the portal')}`),
  }),
  importFinished: (to: string, summary: string, link: string): MailMessage => ({
    to,
    subject: 'Your import has finished',
    text: `${summary}\nDetails: ${link}\n`,
    html: layout(`<p>${escapeHtml(summary)}</p>${button(link, 'Open the portal')}`),
  }),
};
