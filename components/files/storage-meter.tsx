import { formatBytes } from "@/lib/files/format-bytes";

export function StorageMeter({ used, quota, count }: { used: number; quota: number; count: number }) {
  const percent = quota ? Math.min(100, Math.round((used / quota) * 100)) : 0;
  return (
    <div className="flex flex-col gap-1 text-sm text-slate-700" data-testid="storage-meter">
      <span>
        {count} {count === 1 ? "file" : "files"} · {formatBytes(used)} of {formatBytes(quota)} used
      </span>
      <progress
        max={100}
        value={percent}
        aria-label="Storage used"
        className="h-2 w-48 overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-600"
      />
    </div>
  );
}
