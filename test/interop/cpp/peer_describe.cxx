// JSON description of a received (or just packed) message, read back through the library's Unpack(1) so the
// fields are what libOpenIGTLink itself makes of the bytes.
#include <cstdio>
#include <cstring>
#include <sstream>

#include "igtlCapabilityMessage.h"
#include "igtlImageMessage.h"
#include "igtlMessageHeader.h"
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

std::string num(double v) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string str(const std::string& s) {
  std::string o = "\"";
  for (size_t i = 0; i < s.size(); i++) {
    const unsigned char c = s[i];
    if (c == '"' || c == '\\') {
      o += '\\';
      o += c;
    } else if (c < 0x20) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
    } else {
      o += c;
    }
  }
  return o + "\"";
}

template <typename T>
std::string arr(const T* v, int n) {
  std::string o = "[";
  for (int i = 0; i < n; i++) o += (i ? "," : "") + num(v[i]);
  return o + "]";
}

std::string mat(igtl::Matrix4x4& m) {
  std::string o = "[";
  for (int r = 0; r < 4; r++) o += (r ? "," : "") + arr(m[r], 4);
  return o + "]";
}

std::string hex64(uint64_t v) {
  char buf[24];
  snprintf(buf, sizeof buf, "\"%016llx\"", (unsigned long long)v);
  return buf;
}

// Unpacks `msg` from the v1 bytes; returns false when the library rejects the CRC.
template <typename P>
bool load(P& msg, igtl::MessageHeader::Pointer& h, const Bytes& v1) {
  msg->SetMessageHeader(h);
  msg->AllocatePack();
  memcpy(msg->GetPackBodyPointer(), &v1[IGTL_HEADER_SIZE], v1.size() - IGTL_HEADER_SIZE);
  return (msg->Unpack(1) & igtl::MessageHeader::UNPACK_BODY) != 0;
}

std::string cells(igtl::PolyDataCellArray* a) {
  std::string o = "[";
  if (a)
    for (unsigned i = 0; i < a->GetNumberOfCells(); i++) {
      std::vector<igtlUint32> c(a->GetCellSize(i));
      if (!c.empty()) a->GetCell(i, &c[0]);
      o += (i ? "," : "") + arr(c.empty() ? (igtlUint32*)0 : &c[0], c.size());
    }
  return o + "]";
}

std::string body(const std::string& type, igtl::MessageHeader::Pointer& h, const Bytes& v1, bool& ok) {
  std::ostringstream o;
  ok = true;
  if (type == "IMAGE") {
    igtl::ImageMessage::Pointer m = igtl::ImageMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    int size[3], svsize[3], svoff[3];
    float spacing[3], origin[3], normals[3][3];
    igtl::Matrix4x4 matrix;
    m->GetDimensions(size);
    m->GetSubVolume(svsize, svoff);
    m->GetSpacing(spacing);
    m->GetOrigin(origin);
    m->GetNormals(normals);
    m->GetMatrix(matrix);
    const unsigned char* px = (const unsigned char*)m->GetScalarPointer();
    o << ",\"scalarType\":" << m->GetScalarType() << ",\"components\":" << m->GetNumComponents()
      << ",\"endian\":" << m->GetEndian() << ",\"coordinate\":" << m->GetCoordinateSystem()
      << ",\"size\":" << arr(size, 3) << ",\"subSize\":" << arr(svsize, 3) << ",\"subOffset\":" << arr(svoff, 3)
      << ",\"spacing\":" << arr(spacing, 3) << ",\"origin\":" << arr(origin, 3) << ",\"normals\":["
      << arr(normals[0], 3) << "," << arr(normals[1], 3) << "," << arr(normals[2], 3) << "]"
      << ",\"matrix\":" << mat(matrix) << ",\"dataSize\":" << m->GetSubVolumeImageSize()
      << ",\"dataCrc\":" << hex64(crc64Of(px, m->GetSubVolumeImageSize()));
  } else if (type == "TRANSFORM") {
    igtl::TransformMessage::Pointer m = igtl::TransformMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    igtl::Matrix4x4 matrix;
    m->GetMatrix(matrix);
    o << ",\"matrix\":" << mat(matrix);
  } else if (type == "POSITION") {
    igtl::PositionMessage::Pointer m = igtl::PositionMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    float p[3], q[4];
    m->GetPosition(p);
    m->GetQuaternion(q);
    o << ",\"position\":" << arr(p, 3) << ",\"quaternion\":" << arr(q, 4);
  } else if (type == "STATUS") {
    igtl::StatusMessage::Pointer m = igtl::StatusMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    o << ",\"code\":" << m->GetCode() << ",\"subcode\":" << (long long)m->GetSubCode()
      << ",\"errorName\":" << str(m->GetErrorName()) << ",\"message\":" << str(m->GetStatusString());
  } else if (type == "STRING") {
    igtl::StringMessage::Pointer m = igtl::StringMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    o << ",\"encoding\":" << m->GetEncoding() << ",\"value\":" << str(m->GetString());
  } else if (type == "POINT") {
    igtl::PointMessage::Pointer m = igtl::PointMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    o << ",\"points\":[";
    for (int i = 0; i < m->GetNumberOfPointElement(); i++) {
      igtl::PointElement::Pointer e;
      m->GetPointElement(i, e);
      igtlUint8 rgba[4];
      float pos[3];
      e->GetRGBA(rgba);
      e->GetPosition(pos);
      o << (i ? "," : "") << "{\"name\":" << str(e->GetName()) << ",\"group\":" << str(e->GetGroupName())
        << ",\"rgba\":" << arr(rgba, 4) << ",\"position\":" << arr(pos, 3) << ",\"radius\":" << num(e->GetRadius())
        << ",\"owner\":" << str(e->GetOwner()) << "}";
    }
    o << "]";
  } else if (type == "TDATA") {
    igtl::TrackingDataMessage::Pointer m = igtl::TrackingDataMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    o << ",\"elements\":[";
    for (int i = 0; i < m->GetNumberOfTrackingDataElements(); i++) {
      igtl::TrackingDataElement::Pointer e;
      m->GetTrackingDataElement(i, e);
      igtl::Matrix4x4 matrix;
      e->GetMatrix(matrix);
      o << (i ? "," : "") << "{\"name\":" << str(e->GetName()) << ",\"instrumentType\":" << (int)e->GetType()
        << ",\"matrix\":" << mat(matrix) << "}";
    }
    o << "]";
  } else if (type == "STT_TDATA") {
    igtl::StartTrackingDataMessage::Pointer m = igtl::StartTrackingDataMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    o << ",\"resolution\":" << m->GetResolution() << ",\"coordinateName\":" << str(m->GetCoordinateName());
  } else if (type == "RTS_TDATA") {
    igtl::RTSTrackingDataMessage::Pointer m = igtl::RTSTrackingDataMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    o << ",\"status\":" << (int)m->GetStatus();
  } else if (type == "CAPABILITY") {
    igtl::CapabilityMessage::Pointer m = igtl::CapabilityMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    o << ",\"types\":[";
    for (int i = 0; i < m->GetNumberOfTypes(); i++) o << (i ? "," : "") << str(m->GetType(i));
    o << "]";
  } else if (type == "POLYDATA") {
    igtl::PolyDataMessage::Pointer m = igtl::PolyDataMessage::New();
    if (!(ok = load(m, h, v1))) return "";
    o << ",\"points\":[";
    igtl::PolyDataPointArray* pts = m->GetPoints();
    for (int i = 0; pts && i < pts->GetNumberOfPoints(); i++) {
      float p[3];
      pts->GetPoint(i, p);
      o << (i ? "," : "") << arr(p, 3);
    }
    o << "],\"vertices\":" << cells(m->GetVertices()) << ",\"lines\":" << cells(m->GetLines())
      << ",\"polygons\":" << cells(m->GetPolygons()) << ",\"strips\":" << cells(m->GetTriangleStrips())
      << ",\"attributes\":[";
    for (int i = 0; i < m->GetNumberOfAttributes(); i++) {
      igtl::PolyDataAttribute* a = m->GetAttribute(i);
      std::vector<float> d(a->GetSize() * a->GetNumberOfComponents());
      if (!d.empty()) a->GetData(&d[0]);
      o << (i ? "," : "") << "{\"type\":" << (int)a->GetType() << ",\"name\":" << str(a->GetName())
        << ",\"components\":" << a->GetNumberOfComponents() << ",\"data\":" << arr(d.empty() ? (float*)0 : &d[0], d.size())
        << "}";
    }
    o << "]";
  } else {
    // GET_/STP_/other query forms and types this library does not know: raw body.
    const size_t n = v1.size() - IGTL_HEADER_SIZE;
    o << ",\"bodySize\":" << n << ",\"bodyCrc\":" << hex64(crc64Of(&v1[IGTL_HEADER_SIZE], n));
  }
  return o.str();
}

}  // namespace

std::string describe(const char* dir, const WireMessage& w) {
  igtl::MessageHeader::Pointer h = igtl::MessageHeader::New();
  h->InitPack();
  memcpy(h->GetPackPointer(), &w.v1[0], IGTL_HEADER_SIZE);
  h->Unpack();
  igtlUint32 sec, frac;
  h->GetTimeStamp(&sec, &frac);
  const std::string type = h->GetDeviceType();
  bool ok = true;
  const std::string fields = body(type, h, w.v1, ok);
  std::ostringstream o;
  o << "{\"dir\":\"" << dir << "\",\"type\":" << str(type) << ",\"device\":" << str(h->GetDeviceName())
    << ",\"sec\":" << sec << ",\"frac\":" << frac << ",\"headerVersion\":" << w.headerVersion
    << ",\"crcOk\":" << (w.crcOk && ok ? "true" : "false");
  if (w.headerVersion >= 2) {
    o << ",\"messageId\":" << w.messageId << ",\"metadata\":{";
    bool first = true;
    for (Metadata::const_iterator it = w.metadata.begin(); it != w.metadata.end(); ++it, first = false)
      o << (first ? "" : ",") << str(it->first) << ":{\"encoding\":" << it->second.encoding
        << ",\"value\":" << str(it->second.value) << "}";
    o << "}";
  }
  o << fields << "}";
  return o.str();
}
