import type { EventLifecycle } from "@/lib/training/schemas";

const labels: Record<EventLifecycle, string> = { draft: "Draft", active: "Active", cancelled: "Cancelled" };

export function LifecycleBadge({ lifecycle }: { lifecycle: EventLifecycle }) {
  return <span className={`badge ${lifecycle}`}>{labels[lifecycle]}</span>;
}
