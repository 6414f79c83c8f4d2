import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { TRPCProvider } from "./_trpc/react.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: "Ada — data analysis agent",
  description: "Chat with an AI agent that analyses your data in Python, right in your browser.",
};

export const viewport: Viewport = { themeColor: "#0f172a" };

// Every page is rendered per request, so that its scripts carry that request's CSP nonce
// (server/content-security-policy.ts); a prerendered page's scripts would be blocked.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCProvider>{children}</TRPCProvider>
      </body>
    </html>
  );
}
