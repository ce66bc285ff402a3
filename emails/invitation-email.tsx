import { Body, Button, Container, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { fromOutlook, privacyModes, toOutlook } from "@/lib/connect/what-is-shared";
import { EmailHead } from "./email-head";
import { styles } from "./styles";

export type InvitationEmailProps = {
  instructorName: string;
  connectUrl: string;
  /** Already formatted in the instructor's time zone, e.g. "Tuesday 8 December 2026". */
  expiresOn: string;
  reminder?: boolean;
  reconnect?: boolean;
  /** The admin who sent the invitation; null when Calendar Sync sent it on its own (a reconnect). */
  invitedBy?: string | null;
};

export function InvitationEmail({
  instructorName,
  connectUrl,
  expiresOn,
  reminder,
  reconnect,
  invitedBy,
}: InvitationEmailProps) {
  const intro = reconnect
    ? "Your Microsoft 365 calendar stopped syncing with the training platform: Microsoft no longer accepts the permission you gave. Connect it again to keep your bookings and availability up to date."
    : `${invitedBy ? `${invitedBy} from your training team invites you to connect your calendar.` : "Your training team invites you to connect your calendar."} They use Calendar Sync to keep your Outlook calendar and the training platform in step: the training you are booked on appears in Outlook, and your own appointments show as busy time so nobody books you twice.`;
  return (
    <Html lang="en">
      <EmailHead />
      <Preview>
        {reconnect ? "Reconnect your Outlook calendar" : "Connect your Outlook calendar to the training platform"}
      </Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.h1}>
            {reconnect
              ? "Reconnect your calendar"
              : reminder
                ? "A reminder: connect your calendar"
                : "Connect your calendar"}
          </Heading>
          <Text style={styles.text}>Hello {instructorName},</Text>
          <Text style={styles.text}>{intro}</Text>
          <Section style={{ textAlign: "center", margin: "24px 0" }}>
            <Button href={connectUrl} style={styles.button}>
              {reconnect ? "Reconnect Microsoft 365" : "Connect my calendar"}
            </Button>
          </Section>
          <Section style={styles.box}>
            <Text style={styles.label}>From your Outlook to the platform</Text>
            {fromOutlook.map((item) => (
              <Text key={item} style={styles.item}>
                • {item}
              </Text>
            ))}
            <Text style={styles.label}>From the platform to your Outlook</Text>
            {toOutlook.map((item) => (
              <Text key={item} style={styles.item}>
                • {item}
              </Text>
            ))}
          </Section>
          <Text style={styles.text}>You choose how much of your calendar the platform sees:</Text>
          {Object.values(privacyModes).map((mode) => (
            <Text key={mode.label} style={styles.item}>
              <strong>{mode.label}</strong>: {mode.summary}
            </Text>
          ))}
          <Text style={styles.muted}>
            This link is for you only and works once. It expires on {expiresOn}. If it has expired, ask your training
            coordinator for a new one.
          </Text>
          <Hr />
          <Text style={styles.muted}>Button not working? Paste this address into your browser:</Text>
          <Text style={styles.fallbackLink}>{connectUrl}</Text>
        </Container>
      </Body>
    </Html>
  );
}

InvitationEmail.PreviewProps = {
  instructorName: "Amelia Hart",
  connectUrl: "http://localhost:3000/connect/preview-token",
  expiresOn: "Tuesday 8 December 2026",
  invitedBy: "Priya Shah",
} satisfies InvitationEmailProps;

export default InvitationEmail;
