import { getDb } from "@/db/client";
import { getConflictSettings } from "@/db/queries/conflict-settings";
import { requireAdmin } from "@/lib/auth/guards";
import { ConflictSettingsForm } from "@/components/settings/conflict-settings-form";
import { saveConflictSettingsAction } from "./actions";

export const metadata = { title: "Conflict rules" };

export default async function ConflictSettingsPage() {
  const admin = await requireAdmin();
  const settings = await getConflictSettings(await getDb());
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Conflict rules</h1>
          <p className="muted">
            Which Outlook events stop an instructor from being shown as available. Busy events always count; entries
            Calendar Sync wrote itself never do.
          </p>
        </div>
      </div>
      {admin.role !== "owner" && <p className="notice">Only an owner can change these rules.</p>}
      <section className="panel">
        <ConflictSettingsForm
          action={saveConflictSettingsAction}
          settings={settings}
          readOnly={admin.role !== "owner"}
        />
      </section>
    </>
  );
}
