// Reads a JSON list of xAPI statements on stdin; prints, as JSON, the problems Learning Locker's
// validator finds in each ([] when valid) and exits 1 if any statement has one.
const validate = require("@learninglocker/xapi-validation").default;

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const problems = JSON.parse(input).map((statement) =>
    validate(statement).map((warning) => ({
      path: warning.path.join("."),
      kind: warning.name,
      data: warning.data,
    }))
  );
  process.stdout.write(JSON.stringify(problems));
  process.exitCode = problems.some((found) => found.length) ? 1 : 0;
});
