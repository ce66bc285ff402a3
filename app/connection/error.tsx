"use client";

import { PageFailed } from "@/components/connect/page-failed";

export default function PublicPageError({ retry }: { error: unknown; retry: () => void }) {
  return <PageFailed retry={retry} />;
}
