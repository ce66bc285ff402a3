import { eventLifecycleLabels as labels, type EventLifecycle } from "@/lib/training/vocabulary";

export function LifecycleBadge({ lifecycle }: { lifecycle: EventLifecycle }) {
  return <span className={`badge ${lifecycle}`}>{labels[lifecycle]}</span>;
}
