import { Body, Button, Container, Heading, Html, Preview, Section, Text } from "@react-email/components";
import { EmailHead } from "./email-head";
import { styles } from "./styles";

export type ConnectedEmailProps = {
  instructorName: string;
  microsoftAccount: string;
  privacyModeLabel: string;
  manageUrl: string;
};

/** Confirms a connection and carries the instructor's personal link to manage it. */
export function ConnectedEmail({ instructorName, microsoftAccount, privacyModeLabel, manageUrl }: ConnectedEmailProps) {
  return (
    <Html lang="en">
      <EmailHead />
      <Preview>Your Outlook calendar is connected</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.h1}>Your calendar is connected</Heading>
          <Text style={styles.text}>Hello {instructorName},</Text>
          <Text style={styles.text}>
            {microsoftAccount} is now connected in {privacyModeLabel}. Training you are booked on will appear in your
            Outlook calendar, and your own appointments will show as busy time to your training coordinators.
          </Text>
          <Section style={{ textAlign: "center", margin: "28px 0" }}>
            <Button href={manageUrl} style={styles.button}>
              Manage your connection
            </Button>
          </Section>
          <Text style={styles.muted}>
            Use that button any time to change your privacy mode or disconnect. Keep this email: the link is personal to
            you.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

ConnectedEmail.PreviewProps = {
  instructorName: "Amelia Hart",
  microsoftAccount: "amelia.hart@northwind-training.example",
  privacyModeLabel: "Full Private Mode",
  manageUrl: "http://localhost:3000/connection/preview",
} satisfies ConnectedEmailProps;

export default ConnectedEmail;
