import { Body, Container, Head, Heading, Html, Preview, Text } from "@react-email/components";
import { styles } from "./styles";

export type DisconnectedByAdminEmailProps = {
  instructorName: string;
  /** How many of the training entries we had put in their Outlook were deleted. */
  entriesDeleted: number;
};

/**
 * Sent when an administrator removed the instructor's calendar (Remove Calendar, or the API) and the removal
 * has finished, so the instructor is never left wondering why their training entries vanished from Outlook.
 */
export function DisconnectedByAdminEmail({ instructorName, entriesDeleted }: DisconnectedByAdminEmailProps) {
  const title = "Your Outlook calendar was disconnected by your training coordinator";
  return (
    <Html lang="en">
      <Head />
      <Preview>{title}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.h1}>{title}</Heading>
          <Text style={styles.text}>Hello {instructorName},</Text>
          <Text style={styles.text}>
            An administrator of your training platform removed the connection to your Outlook calendar. Calendar Sync no
            longer reads your calendar, and it has deleted everything it held of it.
          </Text>
          <Text style={styles.text}>
            {entriesDeleted > 0
              ? `The ${entriesDeleted === 1 ? "training entry" : `${entriesDeleted} training entries`} it had added to your Outlook calendar ${entriesDeleted === 1 ? "was" : "were"} deleted. Your own Outlook events were not touched.`
              : "Your own Outlook events were not touched."}{" "}
            Your bookings on training events stay as they are.
          </Text>
          <Text style={styles.muted}>
            To connect again, ask your training coordinator for a new invitation. If you did not expect this, tell them
            straight away.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

DisconnectedByAdminEmail.PreviewProps = {
  instructorName: "Amelia Hart",
  entriesDeleted: 3,
} satisfies DisconnectedByAdminEmailProps;

export default DisconnectedByAdminEmail;
