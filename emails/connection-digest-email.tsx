import { Body, Button, Container, Heading, Html, Preview, Section, Text } from "@react-email/components";
import { EmailHead } from "./email-head";
import { styles } from "./styles";

export type DigestItem = { instructorName: string; what: string; at: string };

export type ConnectionDigestEmailProps = {
  adminName: string;
  /** What changed since the admin's last digest, newest first, times already formatted. */
  items: DigestItem[];
  calendarIntegrationUrl: string;
};

/** Once a day, only when something changed: calendar connections that need an admin's attention. */
export function ConnectionDigestEmail({ adminName, items, calendarIntegrationUrl }: ConnectionDigestEmailProps) {
  const title = items.length === 1 ? "1 calendar connection problem" : `${items.length} calendar connection problems`;
  return (
    <Html lang="en">
      <EmailHead />
      <Preview>{title}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.h1}>{title}</Heading>
          <Text style={styles.text}>Hello {adminName},</Text>
          <Text style={styles.text}>Since the last summary, these instructors&apos; calendar connections changed:</Text>
          <Section style={styles.box}>
            {items.map((item, i) => (
              <Text key={i} style={styles.item}>
                • <strong>{item.instructorName}</strong>: {item.what} ({item.at})
              </Text>
            ))}
          </Section>
          <Section style={{ textAlign: "center", margin: "28px 0" }}>
            <Button href={calendarIntegrationUrl} style={styles.button}>
              Open Calendar Integration
            </Button>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

ConnectionDigestEmail.PreviewProps = {
  adminName: "Ada Lovelace",
  items: [
    {
      instructorName: "Amelia Hart",
      what: "revoked the app in their Microsoft account; 3 entries left in Outlook",
      at: "Tue 1 Dec, 09:14 UTC",
    },
    { instructorName: "Ben Okafor", what: "Reconnect needed", at: "Tue 1 Dec, 07:02 UTC" },
  ],
  calendarIntegrationUrl: "http://localhost:3000/control-panel/calendar-integration",
} satisfies ConnectionDigestEmailProps;
