'use client';
import { Bar, BarChart, CartesianGrid, Cell, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '@/lib/format';

// Loaded on demand by the dashboard (next/dynamic), so Recharts stays out of the first load.
// Each chart is drawn for sighted users and repeated as a table for screen readers.

export interface Point {
  label: string;
  count: number;
}

const PALETTE = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)', 'var(--chart-6)'];
const axisTick = { fontSize: 12, fill: 'var(--chart-axis)' };
const tooltipStyle = {
  contentStyle: { background: 'var(--chart-tooltip-bg)', border: '1px solid var(--chart-tooltip-border)', borderRadius: 8, fontSize: 13 },
  labelStyle: { color: 'var(--chart-axis)' },
  itemStyle: { color: 'inherit' },
  cursor: { fill: 'var(--chart-grid)', opacity: 0.5 },
};

function DataTable({ caption, data, unit }: { caption: string; data: Point[]; unit: string }) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <th scope="col">{unit}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.label}>
            <th scope="row">{d.label}</th>
            <td>{d.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BarSeries({ data, caption, unit, horizontal = false, height = 240 }: { data: Point[]; caption: string; unit: string; horizontal?: boolean; height?: number }) {
  return (
    <figure>
      <div aria-hidden style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          {horizontal ? (
            <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, left: 8, bottom: 4 }} accessibilityLayer={false}>
              <CartesianGrid horizontal={false} stroke="var(--chart-grid)" />
              <XAxis type="number" allowDecimals={false} tick={axisTick} axisLine={false} tickLine={false} />
              <YAxis type="category" dataKey="label" width={140} tick={axisTick} axisLine={false} tickLine={false} />
              <Tooltip {...tooltipStyle} formatter={(v) => [formatNumber(Number(v)), unit]} />
              <Bar dataKey="count" fill="var(--chart-1)" radius={[0, 4, 4, 0]} maxBarSize={22} isAnimationActive={false} />
            </BarChart>
          ) : (
            <BarChart data={data} margin={{ top: 8, right: 8, left: -12, bottom: 0 }} accessibilityLayer={false}>
              <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
              <XAxis dataKey="label" tick={axisTick} axisLine={false} tickLine={false} interval="preserveStartEnd" />
              <YAxis allowDecimals={false} tick={axisTick} axisLine={false} tickLine={false} />
              <Tooltip {...tooltipStyle} formatter={(v) => [formatNumber(Number(v)), unit]} />
              <Bar dataKey="count" fill="var(--chart-1)" radius={[4, 4, 0, 0]} maxBarSize={40} isAnimationActive={false} />
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
      <DataTable caption={caption} data={data} unit={unit} />
    </figure>
  );
}

/** A donut with an HTML legend that doubles as the accessible data. */
export function DonutSeries({ data, caption, unit }: { data: Point[]; caption: string; unit: string }) {
  const total = data.reduce((n, d) => n + d.count, 0);
  return (
    <figure className="flex flex-col items-center gap-6 sm:flex-row">
      <div aria-hidden className="relative size-44 shrink-0">
        <ResponsiveContainer width="100%" height="100%">
          <PieChart accessibilityLayer={false}>
            <Pie data={data} dataKey="count" nameKey="label" innerRadius="62%" outerRadius="100%" paddingAngle={1} stroke="none" isAnimationActive={false} rootTabIndex={-1}>
              {data.map((d, i) => (
                <Cell key={d.label} fill={PALETTE[i % PALETTE.length]} />
              ))}
            </Pie>
          </PieChart>
        </ResponsiveContainer>
        <div className="pointer-events-none absolute inset-0 grid place-items-center text-center">
          <div>
            <p className="text-xl font-semibold text-slate-900 tabular-nums dark:text-white">{formatNumber(total)}</p>
            <p className="text-xs text-slate-600 dark:text-slate-400">{unit}</p>
          </div>
        </div>
      </div>
      <figcaption className="sr-only">{caption}</figcaption>
      <ul className="w-full space-y-2 text-sm">
        {data.map((d, i) => (
          <li key={d.label} className="flex items-center gap-2">
            <span aria-hidden className="size-2.5 shrink-0 rounded-full" style={{ background: PALETTE[i % PALETTE.length] }} />
            <span className="flex-1 text-slate-700 dark:text-slate-300">{d.label}</span>
            <span className="font-medium text-slate-900 tabular-nums dark:text-white">{formatNumber(d.count)}</span>
            <span className="w-12 text-right text-xs text-slate-600 tabular-nums dark:text-slate-400">{total ? Math.round((d.count / total) * 100) : 0}%</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
