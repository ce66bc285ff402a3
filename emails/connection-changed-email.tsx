import { Body, Button, Container, Heading, Html, Preview, Section, Text } from "@react-email/components";
import { EmailHead } from "./email-head";
import { styles } from "./styles";

export type ConnectionChangedEmailProps =
  | { change: "privacy"; instructorName: string; privacyModeLabel: string; manageUrl: string }
  | { change: "disconnected"; instructorName: string };

/**
 * Sent after every change made through a "manage your connection" link, so an instructor learns
 * at once if someone else holding their link changed their privacy or cut the connection.
 */
export function ConnectionChangedEmail(props: ConnectionChangedEmailProps) {
  const title =
    props.change === "privacy" ? "Your calendar privacy mode was changed" : "Your Outlook calendar was disconnected";
  return (
    <Html lang="en">
      <EmailHead />
      <Preview>{title}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.h1}>{title}</Heading>
          <Text style={styles.text}>Hello {props.instructorName},</Text>
          {props.change === "privacy" ? (
            <>
              <Text style={styles.text}>
                Your calendar connection now uses {props.privacyModeLabel}. This was changed with your personal
                connection link.
              </Text>
              <Section style={{ textAlign: "center", margin: "28px 0" }}>
                <Button href={props.manageUrl} style={styles.button}>
                  Review your connection
                </Button>
              </Section>
            </>
          ) : (
            <Text style={styles.text}>
              Calendar Sync no longer has access to your Outlook calendar: the permission it held was deleted. This was
              done with your personal connection link, which no longer works.
            </Text>
          )}
          <Text style={styles.muted}>If this was not you, tell your training coordinator straight away.</Text>
        </Container>
      </Body>
    </Html>
  );
}

ConnectionChangedEmail.PreviewProps = {
  change: "privacy",
  instructorName: "Amelia Hart",
  privacyModeLabel: "Default Privacy Mode",
  manageUrl: "http://localhost:3000/connection/preview",
} satisfies ConnectionChangedEmailProps;

export default ConnectionChangedEmail;
