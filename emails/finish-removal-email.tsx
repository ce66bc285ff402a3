import { Body, Button, Container, Heading, Html, Preview, Section, Text } from "@react-email/components";
import { EmailHead } from "./email-head";
import { styles } from "./styles";

export type FinishRemovalEmailProps = {
  instructorName: string;
  connectUrl: string;
  /** How many training entries we could not delete from their Outlook. */
  leftovers: number;
  /** Already formatted in the instructor's time zone. */
  expiresOn: string;
};

/**
 * After a removal Microsoft refused to let us finish (the app's access was revoked): our training entries
 * are still in the instructor's Outlook. One sign-in lets us delete them; nothing syncs afterwards.
 */
export function FinishRemovalEmail({ instructorName, connectUrl, leftovers, expiresOn }: FinishRemovalEmailProps) {
  const entries = leftovers === 1 ? "1 training entry" : `${leftovers} training entries`;
  return (
    <Html lang="en">
      <EmailHead />
      <Preview>Sign in once to remove our entries from your Outlook calendar</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.h1}>Finish removing your calendar</Heading>
          <Text style={styles.text}>Hello {instructorName},</Text>
          <Text style={styles.text}>
            Your Outlook calendar is disconnected from the training platform, and we deleted everything we held of it.
            Microsoft no longer lets us into your calendar, so {entries} we added there could not be deleted.
          </Text>
          <Text style={styles.text}>
            Sign in once and we delete them for you. Nothing is synced afterwards and your calendar stays disconnected.
            You can also delete them by hand: they carry the category "Training (Calendar Sync)".
          </Text>
          <Section style={{ textAlign: "center", margin: "28px 0" }}>
            <Button href={connectUrl} style={styles.button}>
              Sign in to finish removal
            </Button>
          </Section>
          <Text style={styles.muted}>This link works once, until {expiresOn}.</Text>
        </Container>
      </Body>
    </Html>
  );
}

FinishRemovalEmail.PreviewProps = {
  instructorName: "Amelia Hart",
  connectUrl: "http://localhost:3000/connect/preview",
  leftovers: 3,
  expiresOn: "Tuesday 8 December 2026",
} satisfies FinishRemovalEmailProps;
