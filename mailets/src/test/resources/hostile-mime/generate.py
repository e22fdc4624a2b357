#!/usr/bin/env python3
"""Writes the hostile MIME corpus (the *.eml files beside this script; README.md says what each one is for).

Run from this directory: python3 generate.py. The S/MIME cases use openssl with a throwaway key made here,
so nobody the gateway knows can open them. Re-running changes the S/MIME files (fresh keys); the others are
byte-for-byte the same. @@MARKER@@ is replaced by the end-to-end test with a unique string per run, so the test
can show that no part of a held or delivered message leaks into logs, replies or notifications; @@ID@@
in Message-ID is replaced with an id of its own per message.
"""
import base64
import os
import subprocess
import tempfile

CRLF = b"\r\n"


def lines(*ls):
    return CRLF.join(l if isinstance(l, bytes) else l.encode("latin-1") for l in ls) + CRLF


def head(subject="@@MARKER@@ hostile input", ctype=None, extra=()):
    h = ["From: Pat Example <pat@outside.example>", "To: Dr Grey <dr.grey@clinic.example>",
         "Subject: " + subject, "Date: Tue, 25 Nov 2025 10:00:00 +0000",
         "Message-ID: <@@ID@@@outside.example>", "MIME-Version: 1.0"]
    if ctype:
        h.append("Content-Type: " + ctype)
    h.extend(extra)
    return h


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


BODY = "My chest hurts when I climb stairs. @@MARKER@@"

write("boundary-missing.eml", lines(*head(ctype="multipart/mixed"), "",
      "--x", "Content-Type: text/plain", "", BODY, "--x--"))
write("boundary-never-appears.eml", lines(*head(ctype='multipart/mixed; boundary="not-here"'), "",
      "--other", "Content-Type: text/plain", "", BODY, "--other--"))
write("boundary-unterminated.eml", lines(*head(ctype='multipart/mixed; boundary="b1"'), "",
      "--b1", "Content-Type: text/plain", "", BODY, "--b1", "Content-Type: text/plain", "", "second part, no end"))
write("boundary-duplicate-parameter.eml", lines(*head(ctype='multipart/mixed; boundary="a"; boundary="b"'), "",
      "--a", "Content-Type: text/plain", "", BODY, "--b", "Content-Type: text/plain", "", "other", "--a--", "--b--"))
write("boundary-duplicate-content-type.eml", lines(*head(ctype='multipart/mixed; boundary="a"',
      extra=['Content-Type: text/plain; charset=us-ascii']), "",
      "--a", "Content-Type: text/plain", "", BODY, "--a--"))
write("boundary-nested-same.eml", lines(*head(ctype='multipart/mixed; boundary="same"'), "",
      "--same", 'Content-Type: multipart/alternative; boundary="same"', "",
      "--same", "Content-Type: text/plain", "", BODY, "--same--", "--same--"))
write("multipart-without-parts.eml", lines(*head(ctype='multipart/mixed; boundary="empty"'), "", "--empty--"))
write("base64-garbage.eml", lines(*head(ctype="text/plain; charset=utf-8",
      extra=["Content-Transfer-Encoding: base64"]), "",
      "!!!!not base64 at all@@@@", "QUJD=RE=", "====", base64.b64encode(BODY.encode()).decode()[:-3]))
write("quoted-printable-broken.eml", lines(*head(ctype="text/plain; charset=utf-8",
      extra=["Content-Transfer-Encoding: quoted-printable"]), "",
      "Chest =ZZ pain =", "=E2=82", BODY + "=", "=0"))
write("transfer-encoding-unknown.eml", lines(*head(ctype="text/plain",
      extra=["Content-Transfer-Encoding: x-uuencode-martian"]), "", BODY))
write("transfer-encoding-in-multipart.eml", lines(*head(ctype='multipart/mixed; boundary="q"',
      extra=["Content-Transfer-Encoding: base64"]), "",
      "--q", "Content-Type: text/plain", "Content-Transfer-Encoding: 7bit; base64", "", BODY, "--q--"))
write("charset-unknown.eml", lines(*head(ctype="text/plain; charset=x-no-such-charset"), "", BODY))
write("charset-empty-and-bogus-words.eml", lines(*head(subject="=?x-bogus?B?QUJD?= =?utf-8?Q?=ZZ?= @@MARKER@@",
      ctype='text/plain; charset=""'), "", BODY))
write("encoded-words-broken.eml", lines(
      "From: =?utf-8?B?!!!?= <=?utf-8?Q?pat?=@outside.example>", "To: dr.grey@clinic.example",
      "Subject: =?utf-8?B?" + "A" * 5 + "?= =?utf-8?X?y?= @@MARKER@@", "MIME-Version: 1.0",
      "Content-Type: text/plain; charset*=utf-8''%E2%82", "", BODY))
write("content-type-garbage.eml", lines(*head(ctype=";;;/// = ; boundary"), "", BODY))
write("addresses-garbage.eml", lines("From: <<<@@>>>, \"unterminated", "To: ;;;@,,<>", "Cc: @@@",
      "Subject: @@MARKER@@", "Reply-To: <>", "MIME-Version: 1.0", "", BODY))
write("headers-missing.eml", lines("Subject: @@MARKER@@", "", BODY))
write("header-only.eml", lines(*head()).rstrip(CRLF))
write("header-only-with-blank-line.eml", lines(*head(), ""))
write("body-without-headers.eml", lines("", BODY, "no header at all above"))
write("empty.eml", b"")
write("nul-bytes.eml", lines(*head(subject="chest\x00pain @@MARKER@@", ctype="text/plain; charset=utf-8"),
      "", "first\x00line", "\x00\x00\x00", BODY))
write("eight-bit-garbage.eml", lines(*head(ctype="text/plain"), "X-Garbage: " + "".join(chr(c) for c in range(0x80, 0x100)),
      "", "".join(chr(c) for c in range(0x80, 0xff)), BODY, "\xff\xfe\xfd"))
write("bare-cr-and-lf.eml", (CRLF.join(l.encode() for l in head()) + CRLF + CRLF
      + b"line one\rline two\nline three\r\r\n" + BODY.encode() + b"\n\r\n"))
write("rfc822-truncated.eml", lines(*head(ctype='multipart/mixed; boundary="m"'), "",
      "--m", "Content-Type: message/rfc822", "", "From: someone@outside.example", "Subject: inner @@MARKER@@",
      "Content-Type: multipart/mixed; boundary=\"inner\"", "", "--inner", "Content-Type: text/plain", "", BODY,
      "--m--"))
write("html-hostile.eml", lines(*head(ctype="text/html; charset=utf-8"), "",
      "<html><body><script>alert(1)</script><p>" + BODY + "<div><div><table><tr><td>" * 300
      + "<!-- unterminated comment <![CDATA[ <img src=x onerror=alert(2)>"))

# 200 levels of nested multiparts, each with its own boundary.
depth = 200
out = head(ctype='multipart/mixed; boundary="n0"') + [""]
for i in range(depth):
    out += ["--n%d" % i, 'Content-Type: multipart/mixed; boundary="n%d"' % (i + 1), ""]
out += ["--n%d" % depth, "Content-Type: text/plain", "", BODY, "--n%d--" % depth]
for i in range(depth - 1, -1, -1):
    out += ["--n%d--" % i]
write("nested-200-levels.eml", lines(*out))

# Huge headers: 1,000 header fields, one 900-byte line under the 998 limit, a 40 kB header folded over 800 lines.
fields = ["Received: from relay%d.outside.example by relay%d.outside.example; Tue, 25 Nov 2025 10:00:00 +0000" % (i, i + 1)
          for i in range(1000)]
folded = "X-Folded: start" + "".join(CRLF.decode() + " folded-segment-%04d-padding-padding" % i for i in range(800))
write("headers-huge.eml", lines(*(fields + head(ctype="text/plain", extra=["X-Long: " + "L" * 900, folded])), "", BODY))
# One header line of 4,000 bytes: over RFC 5322's 998, under the SMTP server's line limit.
write("header-line-very-long.eml", lines(*head(subject="@@MARKER@@ " + "very-long-subject-" * 220, ctype="text/plain"),
      "", BODY))

# Hostile S/MIME.
def smime(ctype, payload, extra=()):
    return lines(*head(ctype=ctype, extra=["Content-Transfer-Encoding: base64",
                 'Content-Disposition: attachment; filename="smime.p7m"', *extra]), "",
                 *[payload[i:i + 76] for i in range(0, len(payload), 76)])


with tempfile.TemporaryDirectory() as tmp:
    key, cert = os.path.join(tmp, "k.pem"), os.path.join(tmp, "c.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "3650", "-subj", "/CN=nobody@unknown.example"], check=True, capture_output=True)
    inner = lines("Content-Type: text/plain; charset=utf-8", "", BODY)

    def cms(*args, data=inner):
        return subprocess.run(["openssl", "cms", *args], input=data, check=True, capture_output=True).stdout

    enveloped = cms("-encrypt", "-aes-256-cbc", "-binary", "-outform", "DER", cert)
    signed_opaque = cms("-sign", "-nodetach", "-binary", "-outform", "DER", "-signer", cert, "-inkey", key)
    detached_sig = cms("-sign", "-binary", "-outform", "DER", "-signer", cert, "-inkey", key)
    b64 = lambda b: base64.b64encode(b).decode()
    ENV = 'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"'

    write("smime-encrypted-to-nobody.eml", smime(ENV, b64(enveloped)))
    write("smime-truncated-cms.eml", smime(ENV, b64(enveloped[:len(enveloped) // 2])))
    write("smime-truncated-base64.eml", smime(ENV, b64(enveloped)[:301]))
    write("smime-garbage-base64.eml", smime(ENV, "this is not base64 !!! @@@ " * 20))
    write("smime-garbage-der.eml", smime(ENV, b64(os.urandom(0) + bytes(range(256)) * 4)))
    write("smime-empty.eml", lines(*head(ctype=ENV, extra=["Content-Transfer-Encoding: base64"]), ""))
    write("smime-type-says-signed-but-enveloped.eml",
          smime('application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"', b64(enveloped)))
    write("smime-type-says-enveloped-but-signed.eml", smime(ENV, b64(signed_opaque)))
    write("smime-type-unknown.eml", smime('application/pkcs7-mime; smime-type=martian-data', b64(enveloped)))
    write("smime-type-certs-only-garbage.eml",
          smime('application/pkcs7-mime; smime-type=certs-only', b64(b"\x30\x82\x01\x00" + b"\x00" * 40)))
    nested = cms("-encrypt", "-aes-256-cbc", "-binary", "-outform", "DER", cert,
                 data=smime(ENV, b64(enveloped)).split(CRLF + CRLF, 1)[1].join([
                     lines("Content-Type: " + ENV, "Content-Transfer-Encoding: base64", ""), b""]))
    write("smime-nested-encryption.eml", smime(ENV, b64(nested)))
    SIG_CT = 'multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"'
    write("smime-signed-without-signature-part.eml", lines(*head(ctype=SIG_CT), "",
          "--sig", *inner.decode().rstrip("\r\n").split("\r\n"), "--sig--"))
    write("smime-signed-garbage-signature.eml", lines(*head(ctype=SIG_CT), "",
          "--sig", *inner.decode().rstrip("\r\n").split("\r\n"),
          "--sig", 'Content-Type: application/pkcs7-signature; name="smime.p7s"', "Content-Transfer-Encoding: base64", "",
          "R0FSQkFHRSBTSUdOQVRVUkU=", "--sig--"))
    write("smime-signed-wrong-content.eml", lines(*head(ctype=SIG_CT), "",
          "--sig", "Content-Type: text/plain; charset=utf-8", "", "Tampered after signing. @@MARKER@@",
          "--sig", 'Content-Type: application/pkcs7-signature; name="smime.p7s"', "Content-Transfer-Encoding: base64", "",
          *[b64(detached_sig)[i:i + 76] for i in range(0, len(b64(detached_sig)), 76)], "--sig--"))
    write("smime-signed-signature-first.eml", lines(*head(ctype=SIG_CT), "",
          "--sig", 'Content-Type: application/pkcs7-signature; name="smime.p7s"', "Content-Transfer-Encoding: base64", "",
          *[b64(detached_sig)[i:i + 76] for i in range(0, len(b64(detached_sig)), 76)],
          "--sig", *inner.decode().rstrip("\r\n").split("\r\n"), "--sig--"))
    write("smime-signature-as-whole-message.eml",
          smime('application/pkcs7-signature; name="smime.p7s"', b64(detached_sig[:100])))
