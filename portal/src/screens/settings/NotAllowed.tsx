/** What a user who is not the practice admin sees at an admin's address (the navigation does not offer it; the API refuses anyway). */
export function NotAllowed({ screen }: { screen: string }) {
  return (
    <>
      <h1>{screen}: not allowed</h1>
      <p role="alert" className="error">
        You are not allowed to open {screen.toLowerCase()}: it is the practice admin's. Ask your practice admin if you need something changed.
      </p>
    </>
  );
}
