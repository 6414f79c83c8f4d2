import "server-only";
import { APIError } from "better-auth/api";
import nodemailer from "nodemailer";
import { env } from "../env.ts";
import { logger } from "../logger.ts";
import { deliverToDevMailbox } from "./dev-mailbox.ts";

const transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;

/** Sends a sign-in code: by SMTP when configured, else to the dev mailbox (never in production). */
export async function sendSignInCode(email: string, code: string) {
  if (transport) {
    await transport.sendMail({
      from: env.MAIL_FROM,
      to: email,
      subject: `${code} is your Ada sign-in code`,
      text: `Your sign-in code is ${code}. It expires in 5 minutes. If you did not ask for it, ignore this email.`,
    });
    return;
  }
  if (env.NODE_ENV === "production") {
    logger.error("email sign-in requested but SMTP_URL is not set");
    throw new APIError("BAD_REQUEST", { message: "Email sign-in is not available on this server." });
  }
  await deliverToDevMailbox(email, code);
  logger.info({ email }, "sign-in code written to the dev mailbox");
}
