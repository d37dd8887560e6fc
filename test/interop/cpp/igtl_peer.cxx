// igtl_peer: the interop test peer built against libOpenIGTLink, for what the library's examples do not cover.
//
//   igtl_peer connect HOST PORT [--send v1|v2] [--recv N]
//   igtl_peer listen PORT [--send v1|v2] [--recv N]     (binds 127.0.0.1; PORT 0 picks one)
//
// Prints one JSON line per message on stdout: {"dir":"sent"|"recv",...} (see peer_describe.cxx), and
// "listening PORT" first in listen mode. --send sends the scripted set below (every message type the
// library has, plus one type it does not) with header v1 or v2 (v2: metadata and a message ID on each).
// --recv N reads N messages of either header version. Exits 0 after that, 1 on any socket error.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "igtlCapabilityMessage.h"
#include "igtlImageMessage.h"
#include "igtlPointMessage.h"
#include "igtlPolyDataMessage.h"
#include "igtlPositionMessage.h"
#include "igtlStatusMessage.h"
#include "igtlStringMessage.h"
#include "igtlTrackingDataMessage.h"
#include "igtlTransformMessage.h"
#include "igtl_header.h"
#include "peer_wire.h"

namespace {

int fd = -1;

void die(const char* what) {
  fprintf(stderr, "igtl_peer: %s: %s\n", what, strerror(errno));
  exit(1);
}

void writeAll(const unsigned char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) die("write");
    p += w;
    n -= w;
  }
}

bool readAll(unsigned char* p, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r == 0) return false;
    if (r < 0) die("read");
    p += r;
    n -= r;
  }
  return true;
}

void emit(const Bytes& wire) {
  const Bytes body(wire.begin() + IGTL_HEADER_SIZE, wire.end());
  printf("%s\n", describe("sent", unwrap(&wire[0], body)).c_str());
  fflush(stdout);
  writeAll(&wire[0], wire.size());
}

int sendIndex = 0;

void send(igtl::MessageBase* m, int v2) {
  m->SetTimeStamp(1700000000u + sendIndex, 0x10000000u * (unsigned)(sendIndex + 1));
  m->Pack();
  const unsigned char* p = (const unsigned char*)m->GetPackPointer();
  Bytes wire(p, p + m->GetPackSize());
  if (v2) {
    Metadata meta;
    MetaValue a = {3, "value-" + std::to_string(sendIndex)};  // 3 = US-ASCII (IANA MIBenum)
    MetaValue b = {106, "Gr\xc3\xbc\xc3\x9f" "e"};                // 106 = UTF-8
    meta["SpineBridgeIndex"] = a;
    meta["Unicode"] = b;
    wire = wrapV2(p, m->GetPackSize(), meta, 1000 + sendIndex);
  }
  sendIndex++;
  emit(wire);
}

void fill(igtl::Matrix4x4& m, float angle, float tx, float ty, float tz) {
  igtl::IdentityMatrix(m);
  m[0][0] = cosf(angle);
  m[0][1] = -sinf(angle);
  m[1][0] = sinf(angle);
  m[1][1] = cosf(angle);
  m[0][3] = tx;
  m[1][3] = ty;
  m[2][3] = tz;
}

void sendImage(int v2, const char* name, int type, int comps, int endian, int coord, int sx, int sy, int sz,
               int subOff[3], int subSize[3], float angle) {
  igtl::ImageMessage::Pointer m = igtl::ImageMessage::New();
  m->SetDeviceName(name);
  m->SetDimensions(sx, sy, sz);
  m->SetSubVolume(subSize, subOff);
  m->SetScalarType(type);
  m->SetNumComponents(comps);
  m->SetEndian(endian);
  m->SetCoordinateSystem(coord);
  m->SetSpacing(0.5f, 0.25f, 2.0f);
  igtl::Matrix4x4 mat;
  fill(mat, angle, 10.5f, -20.25f, 30.0f);
  m->SetMatrix(mat);
  m->AllocateScalars();
  unsigned char* px = (unsigned char*)m->GetScalarPointer();
  for (int i = 0; i < m->GetSubVolumeImageSize(); i++) px[i] = (unsigned char)(i * 7 + 3);
  send(m, v2);
}

void sendScript(int v2) {
  int off0[3] = {0, 0, 0}, full[3] = {4, 3, 2};
  sendImage(v2, "Image_Reference", igtl::ImageMessage::TYPE_UINT8, 1, igtl::ImageMessage::ENDIAN_BIG,
            igtl::ImageMessage::COORDINATE_RAS, 4, 3, 2, off0, full, 0.3f);
  int off1[3] = {1, 2, 0}, sub[3] = {3, 2, 1};
  sendImage(v2, "Image_Sub", igtl::ImageMessage::TYPE_INT16, 3, igtl::ImageMessage::ENDIAN_LITTLE,
            igtl::ImageMessage::COORDINATE_LPS, 5, 4, 3, off1, sub, -1.1f);
  int full2[3] = {2, 2, 1};
  sendImage(v2, "Image_Float", igtl::ImageMessage::TYPE_FLOAT32, 1, igtl::ImageMessage::ENDIAN_BIG,
            igtl::ImageMessage::COORDINATE_RAS, 2, 2, 1, off0, full2, 0.0f);

  igtl::TransformMessage::Pointer t = igtl::TransformMessage::New();
  t->SetDeviceName("ProbeToTracker");
  igtl::Matrix4x4 mat;
  fill(mat, 0.7f, 1.5f, 2.5f, -3.5f);
  t->SetMatrix(mat);
  send(t, v2);

  igtl::PositionMessage::Pointer pos = igtl::PositionMessage::New();
  pos->SetDeviceName("Stylus");
  pos->SetPosition(1.25f, -2.5f, 3.75f);
  pos->SetQuaternion(0.0f, 0.6f, 0.0f, 0.8f);
  send(pos, v2);

  igtl::StatusMessage::Pointer st = igtl::StatusMessage::New();
  st->SetDeviceName("KeepAlive");
  st->SetCode(igtl::StatusMessage::STATUS_OK);
  st->SetSubCode(0x123456789LL);
  st->SetErrorName("NoError");
  st->SetStatusString("all good");
  send(st, v2);

  igtl::StringMessage::Pointer s = igtl::StringMessage::New();
  s->SetDeviceName("Text");
  s->SetEncoding(3);
  s->SetString("hello from libOpenIGTLink");
  send(s, v2);

  igtl::PointMessage::Pointer pt = igtl::PointMessage::New();
  pt->SetDeviceName("Fiducials");
  for (int i = 0; i < 2; i++) {
    igtl::PointElement::Pointer e = igtl::PointElement::New();
    e->SetName(i ? "F2" : "F1");
    e->SetGroupName("Landmark");
    e->SetRGBA(255, (igtlUint8)(100 * i), 0, 200);
    e->SetPosition(10.0f * i, 20.5f, -30.25f);
    e->SetRadius(1.5f + i);
    e->SetOwner("Image_Reference");
    pt->AddPointElement(e);
  }
  send(pt, v2);

  igtl::TrackingDataMessage::Pointer td = igtl::TrackingDataMessage::New();
  td->SetDeviceName("Tracker");
  for (int i = 0; i < 2; i++) {
    igtl::TrackingDataElement::Pointer e = igtl::TrackingDataElement::New();
    e->SetName(i ? "Reference" : "Probe");
    e->SetType(igtl::TrackingDataElement::TYPE_6D);
    fill(mat, 0.2f * (i + 1), 5.0f * i, 6.0f, 7.0f);
    e->SetMatrix(mat);
    td->AddTrackingDataElement(e);
  }
  send(td, v2);

  igtl::PolyDataMessage::Pointer pd = igtl::PolyDataMessage::New();
  pd->SetDeviceName("Surface");
  igtl::PolyDataPointArray::Pointer pts = igtl::PolyDataPointArray::New();
  for (int i = 0; i < 4; i++) pts->AddPoint(1.0f * i, 2.0f * i, -0.5f * i);
  pd->SetPoints(pts);
  igtlUint32 c1[1] = {0}, c2[2] = {0, 1}, c3[3] = {0, 1, 2}, c4[4] = {0, 1, 2, 3};
  igtl::PolyDataCellArray::Pointer verts = igtl::PolyDataCellArray::New();
  verts->AddCell(1, c1);
  igtl::PolyDataCellArray::Pointer lines = igtl::PolyDataCellArray::New();
  lines->AddCell(2, c2);
  igtl::PolyDataCellArray::Pointer polys = igtl::PolyDataCellArray::New();
  polys->AddCell(3, c3);
  igtl::PolyDataCellArray::Pointer strips = igtl::PolyDataCellArray::New();
  strips->AddCell(4, c4);
  pd->SetVertices(verts);
  pd->SetLines(lines);
  pd->SetPolygons(polys);
  pd->SetTriangleStrips(strips);
  igtl::PolyDataAttribute::Pointer att = igtl::PolyDataAttribute::New();
  att->SetType(igtl::PolyDataAttribute::POINT_SCALAR);
  att->SetName("Thickness");
  att->SetSize(4);
  igtlFloat32 vals[4] = {0.5f, 1.5f, 2.5f, 3.5f};
  att->SetData(vals);
  pd->AddAttribute(att);
  send(pd, v2);

  igtl::CapabilityMessage::Pointer cap = igtl::CapabilityMessage::New();
  cap->SetDeviceName("Server");
  std::vector<std::string> types;
  types.push_back("IMAGE");
  types.push_back("TRANSFORM");
  types.push_back("STATUS");
  cap->SetTypes(types);
  send(cap, v2);

  igtl::GetImageMessage::Pointer gi = igtl::GetImageMessage::New();
  gi->SetDeviceName("Image_Reference");
  send(gi, v2);
  igtl::GetStatusMessage::Pointer gs = igtl::GetStatusMessage::New();
  gs->SetDeviceName("KeepAlive");
  send(gs, v2);
  igtl::StartTrackingDataMessage::Pointer stt = igtl::StartTrackingDataMessage::New();
  stt->SetDeviceName("Tracker");
  stt->SetResolution(50);
  stt->SetCoordinateName("Patient");
  send(stt, v2);
  igtl::StopTrackingDataMessage::Pointer stp = igtl::StopTrackingDataMessage::New();
  stp->SetDeviceName("Tracker");
  send(stp, v2);
  igtl::RTSTrackingDataMessage::Pointer rts = igtl::RTSTrackingDataMessage::New();
  rts->SetDeviceName("Tracker");
  rts->SetStatus(1);
  send(rts, v2);

  // A type outside the library: framed by hand (header v1 layout) so the receiver must keep it raw.
  Bytes raw(IGTL_HEADER_SIZE + 16, 0);
  igtl_header* h = (igtl_header*)&raw[0];
  h->version = 1;
  strncpy(h->name, "X_SPINE_RAW", 12);
  strncpy(h->device_name, "Custom", 20);
  h->timestamp = ((igtl_uint64)(1700000000u + sendIndex) << 32);
  h->body_size = 16;
  for (int i = 0; i < 16; i++) raw[IGTL_HEADER_SIZE + i] = (unsigned char)(0xf0 ^ i);
  h->crc = crc64Of(&raw[IGTL_HEADER_SIZE], 16);
  igtl_header_convert_byte_order(h);
  if (v2) {
    Metadata meta;
    MetaValue a = {3, "raw"};
    meta["SpineBridgeIndex"] = a;
    raw = wrapV2(&raw[0], raw.size(), meta, 1000 + sendIndex);
  }
  sendIndex++;
  emit(raw);
}

void receive(int n) {
  for (int i = 0; i < n; i++) {
    unsigned char header[IGTL_HEADER_SIZE];
    if (!readAll(header, IGTL_HEADER_SIZE)) {
      fprintf(stderr, "igtl_peer: connection closed after %d of %d messages\n", i, n);
      exit(1);
    }
    uint64_t size = 0;
    for (int k = 0; k < 8; k++) size = (size << 8) | header[42 + k];
    Bytes body(size);
    if (size > 0 && !readAll(&body[0], size)) {
      fprintf(stderr, "igtl_peer: truncated body\n");
      exit(1);
    }
    printf("%s\n", describe("recv", unwrap(header, body)).c_str());
    fflush(stdout);
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc < 3) {
    fprintf(stderr, "usage: igtl_peer connect HOST PORT | listen PORT  [--send v1|v2] [--recv N]\n");
    return 2;
  }
  const std::string mode = argv[1];
  int i = mode == "connect" ? 4 : 3;
  int sendVersion = 0, recvCount = 0;
  for (; i + 1 < argc; i += 2) {
    const std::string opt = argv[i];
    if (opt == "--send") sendVersion = std::string(argv[i + 1]) == "v2" ? 2 : 1;
    if (opt == "--recv") recvCount = atoi(argv[i + 1]);
  }
  sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  if (mode == "connect") {
    addr.sin_port = htons(atoi(argv[3]));
    if (inet_pton(AF_INET, argv[2], &addr.sin_addr) != 1) die("address");
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (sockaddr*)&addr, sizeof addr) != 0) die("connect");
  } else {
    addr.sin_port = htons(atoi(argv[2]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(ls, (sockaddr*)&addr, sizeof addr) != 0 || listen(ls, 1) != 0) die("listen");
    socklen_t len = sizeof addr;
    getsockname(ls, (sockaddr*)&addr, &len);
    printf("listening %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    fd = accept(ls, 0, 0);
    if (fd < 0) die("accept");
    close(ls);
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (sendVersion) sendScript(sendVersion == 2);
  receive(recvCount);
  // Half-close and wait for the peer to close, so everything sent is read before we go.
  shutdown(fd, SHUT_WR);
  unsigned char sink[4096];
  while (read(fd, sink, sizeof sink) > 0) {
  }
  close(fd);
  return 0;
}
